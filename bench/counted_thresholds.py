#!/usr/bin/env python3
"""Measure the score a counted table needs, per kind and row count (lib/src/carve/carve_evidence.c).

A counted table is a run of candidate rows whose dwNumEntries (before it) lands exactly on its end.
Below a kind's decisive row count (bench/carve_structure.sh) its content has to carry it, so the
threshold is measured: this builds mibtcp with MIBTCPI_MEASURE_COUNTED_SCORES (every counted table is
reported, whatever its score), carves every image given, drops the hits that are real tables of
their kind, and prints per kind and rows (1..7, then 8 and more below the decisive count) the best
score the rest reached, and the thresholds: that best plus 8 bits, the best over that many rows or
more (a longer counted run is rarer), at least 16 (the count's own bits), and from the kind's minimum
rows with a header up at most 32 (a table's bits). Not run by ctest (minutes, a GiB of images).

Images, each carved whole:
  --background FILE   memory that holds no table (tests/tool/carve_truth/backgrounds.py makes them)
  --wine DIR          a corpus kept by tests/tool/windows/wine_carve_corpus.py --keep: its agent.lime,
                      less the tables the agent logged (at their address, or their exact bytes)
  --planted DIR       an image of tests/tool/carve_truth/plant.py (image.raw, truth.json), less the
                      planted tables and any hit overlapping a planted object of its own kind

  bench/counted_thresholds.py --work /tmp/counted --background bg/elf.bin ... --wine corpus24 \\
      --planted fit-777
"""
import argparse
import bisect
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "tool",
                                "windows"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from wine_carve_corpus import Image, load_tables  # noqa: E402

KINDS = ["tcp4-module", "tcp6-module", "tcp4-pid", "tcp6-pid", "tcp4-basic", "tcp6-basic", "tcp4-row2",
         "tcp6-row2", "udp4-module", "udp6-module", "udp4-pid", "udp6-pid", "udp4-basic", "udp6-basic"]
# lib/src/carve/carve.c, default_min_rows: the structure count (None: never) and the minimum rows
# of a table whose count ends inside its run.
STRUCTURE = {"tcp4-module": 24, "tcp6-module": 128, "tcp4-pid": 48, "tcp6-pid": 48, "tcp4-basic": 64,
             "tcp6-basic": 32, "tcp4-row2": 24, "tcp6-row2": 24, "udp4-module": 256, "udp6-module": 32}
MIN_HEADER = {"tcp4-module": 2, "tcp6-module": 2, "udp4-pid": 4, "udp6-pid": 4, "udp4-basic": 4,
              "udp6-basic": 4}
COLUMNS = 8
MARGIN = 8


def build(src, work):
    out = os.path.join(work, "build-counted")
    subprocess.run(["cmake", "-S", src, "-B", out, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DMIBTCP_BUILD_TESTS=OFF", "-DMIBTCP_BUILD_BENCH=OFF", "-DMIBTCP_FUZZ_ENGINE=none",
                    "-DMIBTCP_ALLOW_MISSING_CHECK=ON", "-DCMAKE_C_FLAGS=-DMIBTCPI_MEASURE_COUNTED_SCORES=1"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", out, "--target", "mibtcp"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "tools", "mibtcp", "mibtcp")


def carve(mibtcp, path):
    run = subprocess.run([mibtcp, "carve", "--format", "jsonl", path], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"counted_thresholds: carve {path}: {run.stderr}")
    for line in run.stdout.splitlines():
        hit = json.loads(line)
        if hit["header"] and hit["rows"] < STRUCTURE.get(hit["kind"], 1 << 31):
            yield hit


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mibtcp", help="a measurement build to use instead of building one")
    ap.add_argument("--background", action="append", default=[])
    ap.add_argument("--wine", action="append", default=[])
    ap.add_argument("--planted", action="append", default=[])
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    mibtcp = args.mibtcp or build(src, args.work)
    best = collections.defaultdict(lambda: None)
    where = {}

    def note(hit, source):
        key = (hit["kind"], min(hit["rows"], COLUMNS + 1))
        if best[key] is None or hit["score"] > best[key]:
            best[key] = hit["score"]
            where[key] = f"{source}@{hit.get('va', hit.get('pa', hit['offset']))}"

    for path in args.background:
        for hit in carve(mibtcp, path):
            note(hit, os.path.basename(path))
    for corpus in args.wine:
        image = Image(os.path.join(corpus, "agent.lime"))
        tables = load_tables(os.path.join(corpus, "agent"))
        logged = {(t["addr"], t["kind"]) for t in tables}
        blobs = {(t["kind"], t["bytes"]) for t in tables}
        for hit in carve(mibtcp, os.path.join(corpus, "agent.lime")):
            address = int(hit["pa"])  # LiME: the physical address is the agent's virtual one
            if (address, hit["kind"]) in logged or \
                    (hit["kind"], image.read(address, hit["length"])) in blobs:
                continue
            note(hit, os.path.basename(os.path.normpath(corpus)))
    for planted_dir in args.planted:
        planted = json.load(open(os.path.join(planted_dir, "truth.json")))["planted"]
        tables = {(p["offset"], p["kind"]) for p in planted if p["header"]}
        spans = sorted((p["offset"], p["offset"] + p["length"], p["kind"]) for p in planted)
        starts = [s for s, _e, _k in spans]
        for hit in carve(mibtcp, os.path.join(planted_dir, "image.raw")):
            if (hit["offset"], hit["kind"]) in tables:
                continue
            end = hit["offset"] + hit["length"]
            i = bisect.bisect_left(starts, end) - 1
            own = False
            while i >= 0 and not own and spans[i][0] >= hit["offset"] - 300000:
                s, e, k = spans[i]
                own = k == hit["kind"] and s < end and hit["offset"] < e
                i -= 1
            if not own:
                note(hit, os.path.basename(os.path.normpath(planted_dir)))
    print("best score of a counted table where none of its kind was (rows 1..7, 8+):")
    for kind in KINDS:
        cells = [best[(kind, r)] for r in range(1, COLUMNS + 2)]
        print(f"  {kind:12} " + " ".join("-" if c is None else str(c) for c in cells))
    print("thresholds (bits; rows 1..7, 8+), for counted_needed_bits:")
    floor = -10 ** 9
    for kind in KINDS:
        cells = [floor if best[(kind, r)] is None else best[(kind, r)] for r in range(1, COLUMNS + 2)]
        out = []
        for r in range(1, COLUMNS + 1):
            worst = max(cells[r - 1:COLUMNS]) if r < COLUMNS else max(cells[COLUMNS - 1:])
            need = max(16, worst + MARGIN)
            if r >= MIN_HEADER.get(kind, 3):
                need = min(need, 32)
            out.append(need)
        name = "MIBTCP_KIND_" + kind.upper().replace("-", "_")
        print(f"    [{name}] = {{{', '.join(map(str, out))}}},")


if __name__ == "__main__":
    main()
