#!/usr/bin/env python3
"""Carve memory images on a Dask cluster: every image is cut into shards (mibtcp.shards), each shard
is carved where a worker runs (mibtcp.carve(path, range=shard): a worker maps the file and scans its
part, reading past the part's ends as far as a table needs), and the hits are gathered in order. The
shards' hits concatenate to the hits of one pass, so the result is what `mibtcp carve` prints.

usage: dask_carve.py [--scheduler ADDRESS] [--shards N] IMAGE...
       (no --scheduler: a LocalCluster of 2 worker processes on this machine)

The workers need the images at the same paths (a shared filesystem) and the mibtcp package."""

import argparse
import os
import sys

import mibtcp


def carve_shard(path, shard):
    """One task: the hits of one shard of one image, as plain dicts (cheap to send back)."""
    return [hit.as_dict() for hit in mibtcp.carve(path, range=shard, jobs=1)]


def carve_on_cluster(client, paths, shards_per_image):
    """{path: [hit dict, ...]} for every image, in file order, carved by the cluster's workers."""
    futures = {path: [client.submit(carve_shard, path, shard, pure=False)
                      for shard in mibtcp.shards(os.path.getsize(path), shards_per_image)]
               for path in paths}
    return {path: [hit for part in client.gather(parts) for hit in part] for path, parts in futures.items()}


def main(argv=None):
    from dask.distributed import Client, LocalCluster  # Debian: python3-distributed

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scheduler", help="address of a running scheduler (default: a 2-worker LocalCluster)")
    ap.add_argument("--shards", type=int, default=8, help="shards per image (default 8)")
    ap.add_argument("images", nargs="+")
    args = ap.parse_args(argv)
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        results = carve_on_cluster(client, [os.path.abspath(p) for p in args.images], args.shards)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for path, hits in results.items():
        for hit in hits:
            print(path, hit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
