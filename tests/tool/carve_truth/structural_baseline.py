#!/usr/bin/env python3
"""How often real backgrounds form table STRUCTURE by chance: the baseline a carver that lets only
the API's guarantees veto a row must beat with its other evidence.

For every kind and every 4-aligned offset of each background file (no planted tables), counts
  header-anchored matches  a DWORD N >= 1 followed by exactly N structurally valid rows (the slot
                           after them is not one): what "dwNumEntries equals the run" alone finds;
  maximal structural runs  of each length, with or without a count in front: what an orphan-run
                           minimum has to reject;
both per GiB and by N (row count) bucket. "Structurally valid" is adversarial_tables.
is_structural_row: TCP state 1..12, port DWORDs with zero upper 16 bits, local port not 0,
row2 offload state 0..3, UDP module flags 0 or 1 - nothing about content.

Needs numpy (Debian python3-numpy, e.g. `/usr/bin/python3` where python3-pandas is installed);
an analysis for choosing thresholds, not a test, so ctest does not run it.

Usage: structural_baseline.py [--json OUT] NAME=FILE...   (e.g. the --background-cache files)
"""
import argparse
import json
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import adversarial_tables as at  # noqa: E402

BUCKETS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 7), (8, 10), (11, 20), (21, 1 << 32))


def bucket_names():
    return ["%d" % lo if lo == hi else ("%d+" % lo if hi >= 1 << 32 else "%d-%d" % (lo, hi))
            for lo, hi in BUCKETS]


def structural(d, kind):
    """ok[p]: a structurally valid row of KIND starts at DWORD p."""
    _hdr, size, fields = at.LAYOUTS[kind]
    words = size // 4
    n = len(d) - words + 1
    if n <= 0:
        return np.zeros(0, dtype=bool)

    def field(name):
        at_ = fields[name][0] // 4
        return d[at_:at_ + n]
    port = field("local_port")
    ok = (port >= 1) & (port <= 0xFFFF)
    if at.is_tcp(kind):
        state = field("state")
        ok &= (state >= 1) & (state <= 12)
        ok &= field("remote_port") <= 0xFFFF
    if "offload_state" in fields:
        ok &= field("offload_state") <= 3
    if "flags" in fields:
        ok &= field("flags") <= 1
    return ok


def run_lengths(ok, stride):
    """L[p]: structurally valid rows at p, p+stride, ... before the first invalid one; and
    whether that run reaches the end of the data (its end is then unknown)."""
    length = np.zeros(len(ok), dtype=np.int64)
    open_end = np.zeros(len(ok), dtype=bool)
    for a in range(stride):
        x = ok[a::stride]
        idx = np.arange(len(x))
        bad = np.flatnonzero(~x)
        nxt = np.searchsorted(bad, idx)
        nf = np.where(nxt < len(bad), bad[np.minimum(nxt, len(bad) - 1)] if len(bad) else 0, len(x))
        length[a::stride] = nf - idx
        open_end[a::stride] = nxt >= len(bad)
    return length, open_end


def histogram(values):
    return [int(np.count_nonzero((values >= lo) & (values <= hi))) for lo, hi in BUCKETS]


def analyse(data):
    d = np.frombuffer(data[:len(data) // 4 * 4], dtype="<u4")
    out = {}
    for kind in at.KINDS:
        hdr_words = at.header_size(kind) // 4
        stride = at.row_size(kind) // 4
        ok = structural(d, kind)
        length, open_end = run_lengths(ok, stride)
        # header-anchored: DWORD N at h, exactly N valid rows from h + header
        h = np.arange(max(0, len(ok) - hdr_words))
        counts = d[h].astype(np.int64)
        first = h + hdr_words
        match = (counts >= 1) & (length[first] == counts) & ~open_end[first]
        # maximal runs: valid, and the slot one stride before is not
        starts = np.flatnonzero(ok)
        prev = starts - stride
        maximal = starts[(prev < 0) | ~ok[np.maximum(prev, 0)]]
        out[kind] = {"header": histogram(counts[match]), "runs": histogram(length[maximal])}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the counts here")
    ap.add_argument("inputs", nargs="+", metavar="NAME=FILE")
    args = ap.parse_args(argv)
    result = {"buckets": bucket_names(), "backgrounds": {}}
    for item in args.inputs:
        name, _, path = item.partition("=")
        with open(path, "rb") as f:
            data = f.read()
        result["backgrounds"][name] = {"bytes": len(data), "kinds": analyse(data)}
    names = bucket_names()
    for title, key in (("header-anchored structural matches (count N = run, by N)", "header"),
                       ("maximal structural runs (by length)", "runs")):
        print("%s, per GiB:" % title)
        for name, bg in result["backgrounds"].items():
            gib = bg["bytes"] / float(1 << 30)
            print("  %s (%.1f MiB)" % (name, bg["bytes"] / 1048576.0))
            print("    %-12s" % "kind" + "".join("%9s" % b for b in names))
            for kind in at.KINDS:
                print("    %-12s" % kind + "".join(
                    "%9.0f" % (v / gib) for v in bg["kinds"][kind][key]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
