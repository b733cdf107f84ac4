#!/usr/bin/env python3
"""The Python binding against its baselines, in one run (best of --runs wall times each):

1. rows/s of `for r in table.rows(): r.local_port` over a --rows-row tcp4-module table (mmap of the
   file), against `json.loads` of each line of the CLI's `dump --format jsonl` of the same table (the
   way a Python tool reads mibtcp without the binding; the CLI's own time to write the JSONL not counted);
2. carve over an mmap of a --image-mib MiB image (random bytes with tables planted; or --image FILE)
   with jobs=1, against `mibtcp carve --jobs 1` on the same file.

usage: PYTHONPATH=build/python python3 bench/python_bench.py --cli build/tools/mibtcp/mibtcp
"""

import argparse
import json
import mmap
import os
import random
import subprocess
import sys
import tempfile
import time

import mibtcp


# Under a sanitizer build the interpreter has the sanitizer's runtime preloaded; the CLI has its own.
CLI_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def best(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def write_image(cli, path, size):
    """size random bytes with a 6-row table 4 KiB into every 4 MiB, kinds in turn."""
    rnd = random.Random(1)
    tables = [subprocess.run([cli, "gen", "--kind", k, "--rows", "6", "--seed", str(i), "-o", "-"],
                             stdout=subprocess.PIPE, check=True, env=CLI_ENV).stdout
              for i, k in enumerate(["tcp4-module", "tcp6-pid", "udp4-module", "tcp4-pid", "udp6-module"])]
    chunk = 4 << 20
    with open(path, "wb") as f:
        for at in range(0, size, chunk):
            block = bytearray(rnd.randbytes(min(chunk, size - at)))
            t = tables[(at // chunk) % len(tables)]
            block[4096:4096 + len(t)] = t
            f.write(block[:min(chunk, size - at)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--image-mib", type=int, default=256)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--image", help="carve this image instead of random bytes with tables planted")
    args = ap.parse_args()
    work = tempfile.mkdtemp()
    try:
        table_path = os.path.join(work, "table.bin")
        subprocess.run([args.cli, "gen", "--kind", "tcp4-module", "--rows", str(args.rows), "-o", table_path],
                       check=True, env=CLI_ENV)
        jsonl_path = os.path.join(work, "table.jsonl")
        with open(jsonl_path, "wb") as out:
            subprocess.run([args.cli, "dump", "--kind", "tcp4-module", "--format", "jsonl", table_path], stdout=out,
                           check=True, env=CLI_ENV)
        with open(table_path, "rb") as f:
            m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        table = mibtcp.open(m, "tcp4-module")

        def binding_rows():
            total = 0
            for r in table.rows():
                total += r.local_port
            return total

        def json_rows():
            total = 0
            with open(jsonl_path, "rb") as f:
                for line in f:
                    total += json.loads(line)["local_port"]
            return total

        b_s, b_sum = best(args.runs, binding_rows)
        j_s, j_sum = best(args.runs, json_rows)
        assert b_sum == j_sum, "the binding and the CLI's JSONL disagree"
        table.close()
        m.close()
        print(f"rows: {args.rows} tcp4-module rows; best of {args.runs}")
        print(f"{'reader':<34} {'seconds':>9} {'rows/s':>12} {'ratio':>7}")
        print(f"{'binding: for r in table.rows()':<34} {b_s:9.3f} {args.rows / b_s:12.0f} {1:7.2f}")
        print(f"{'json.loads over dump --format jsonl':<34} {j_s:9.3f} {args.rows / j_s:12.0f} {j_s / b_s:7.2f}x slower")

        image_path = args.image or os.path.join(work, "image.bin")
        size = os.path.getsize(args.image) if args.image else args.image_mib << 20
        if not args.image:
            write_image(args.cli, image_path, size)

        def binding_carve():
            return [h.as_dict() for h in mibtcp.carve(image_path, jobs=1)]

        def cli_carve():
            out = subprocess.run([args.cli, "carve", "--jobs", "1", "--format", "jsonl", image_path],
                                 stdout=subprocess.PIPE, check=True, env=CLI_ENV).stdout
            return [json.loads(line) for line in out.splitlines()]

        c_s, cli_hits = best(args.runs, cli_carve)
        p_s, py_hits = best(args.runs, binding_carve)
        assert py_hits == cli_hits, "the binding and the CLI carve different hits"
        what = args.image or f"{args.image_mib} MiB of random bytes with tables"
        print(f"carve: {what} ({size} bytes), {len(py_hits)} hits, jobs=1; best of {args.runs}")
        print(f"{'carver':<34} {'seconds':>9} {'GB/s':>12} {'ratio':>7}")
        print(f"{'mibtcp carve --jobs 1 (CLI)':<34} {c_s:9.3f} {size / c_s / 1e9:12.3f} {1:7.2f}")
        print(f"{'mibtcp.carve(path, jobs=1)':<34} {p_s:9.3f} {size / p_s / 1e9:12.3f} {c_s / p_s:7.2f} of the CLI's speed")
    finally:
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
