#!/usr/bin/env python3
"""Measure, per kind, the row count at which a counted table's structure decides, and below it the score
it needs (lib/src/carve/carve.c, default_min_rows; lib/src/carve/carve_evidence.c).

A counted table is a run of candidate rows whose dwNumEntries (before the run or in its first rows)
lands exactly on its end. Both measurements carve images where no table of the kind is and keep what
counted tables those form:

--structure   builds mibtcp with MIBTCPI_MEASURE_STRUCTURE_ROWS (every counted table is reported on
              its structure, whatever its content), and prints per kind and source the longest such
              run, and the decisive count: twice the longest, rounded up to a multiple of 8, at least
              24 (a kind whose tables another kind's tables are, byte for byte, never decides: a
              tcp4-pid table is a udp6-basic one, a tcp4-row2 table a udp6-pid one, whenever its PIDs
              are ports). carve.c's counts only ever rise to what a measurement asks: a smaller
              sample that asks less is no evidence that less is safe (tcp4-pid: 16 rows in one GiB,
              43 in the ELF region of bench/carve_bench.sh's image).
(default)     builds mibtcp with MIBTCPI_MEASURE_COUNTED_SCORES (every counted table is reported,
              whatever its score) and prints per kind and rows (1..7, then 8 and more below the
              decisive count) the best score the rest reached, and the thresholds: that best plus 8
              bits, the best over that many rows or more (a longer counted run is rarer), at least 16
              (the count's own bits), and from the kind's minimum rows with a header up at most 32 (a
              table's bits).
Not run by ctest (minutes, a GiB of images).

Images, each carved whole:
  --background FILE   memory that holds no table (tests/tool/carve_truth/backgrounds.py makes them)
  --wine DIR          a corpus kept by tests/tool/windows/wine_carve_corpus.py --keep: its agent.lime,
                      less the tables the agent logged (at their address, or their exact bytes)
  --planted DIR       an image of tests/tool/carve_truth/plant.py (image.raw, truth.json), less the
                      planted tables and any hit overlapping a planted object of its own kind

  bench/counted_thresholds.py [--structure] --work /tmp/counted --background bg/elf.bin ... \\
      --wine corpus24 --planted fit-777
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
# lib/src/carve/carve.c, default_min_rows: the structure count (absent: never) and the minimum rows
# of a table whose count ends inside its run.
STRUCTURE = {"tcp4-module": 32, "tcp6-module": 144, "tcp4-pid": 88, "tcp6-pid": 104, "tcp4-basic": 64,
             "tcp6-basic": 32, "tcp4-row2": 24, "tcp6-row2": 24, "udp4-module": 256, "udp6-module": 80,
             "udp4-pid": 768, "udp4-basic": 2624}
# Kinds whose tables are, byte for byte, tables of another kind (same stride and header; the port
# DWORD the other kind's PID): their structure never decides.
NEVER_DECIDED = {"udp6-basic": "tcp4-pid", "udp6-pid": "tcp4-row2"}
MIN_HEADER = {"tcp4-module": 2, "tcp6-module": 2, "udp4-pid": 4, "udp6-pid": 4, "udp4-basic": 4,
              "udp6-basic": 4}
COLUMNS = 8
MARGIN = 8


def build(src, work, structure):
    flag, name = ("MIBTCPI_MEASURE_STRUCTURE_ROWS", "build-structure") if structure else \
        ("MIBTCPI_MEASURE_COUNTED_SCORES", "build-counted")
    out = os.path.join(work, name)
    subprocess.run(["cmake", "-S", src, "-B", out, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DMIBTCP_BUILD_TESTS=OFF", "-DMIBTCP_BUILD_BENCH=OFF", "-DMIBTCP_FUZZ_ENGINE=none",
                    "-DMIBTCP_ALLOW_MISSING_CHECK=ON", f"-DCMAKE_C_FLAGS=-D{flag}=1"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", out, "--target", "mibtcp"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "tools", "mibtcp", "mibtcp")


def carve(mibtcp, path, structure):
    """The counted tables of one image: in a structure build every one decides (basis structure);
    in a counted-scores build those below the decisive count are the ones content carries."""
    extra = ["--min-rows", "1"] if structure else []
    run = subprocess.run([mibtcp, "carve", "--format", "jsonl", *extra, path], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"counted_thresholds: carve {path}: {run.stderr}")
    for line in run.stdout.splitlines():
        hit = json.loads(line)
        if structure and hit["basis"] == "structure":
            yield hit
        elif not structure and hit["header"] and hit["rows"] < STRUCTURE.get(hit["kind"], 1 << 31):
            yield hit


def foreign_hits(mibtcp, args, structure):
    """(hit, source) for every counted table where no table of its kind is."""
    for path in args.background:
        for hit in carve(mibtcp, path, structure):
            yield hit, os.path.basename(path)
    for corpus in args.wine:
        image = Image(os.path.join(corpus, "agent.lime"))
        tables = load_tables(os.path.join(corpus, "agent"))
        logged = {(t["addr"], t["kind"]) for t in tables}
        blobs = {(t["kind"], t["bytes"]) for t in tables}
        for hit in carve(mibtcp, os.path.join(corpus, "agent.lime"), structure):
            address = int(hit["pa"])  # LiME: the physical address is the agent's virtual one
            if (address, hit["kind"]) in logged or \
                    (hit["kind"], image.read(address, hit["length"])) in blobs:
                continue
            yield hit, os.path.basename(os.path.normpath(corpus))
    for planted_dir in args.planted:
        planted = json.load(open(os.path.join(planted_dir, "truth.json")))["planted"]
        tables = {(p["offset"], p["kind"]) for p in planted if p["header"]}
        spans = sorted((p["offset"], p["offset"] + p["length"], p["kind"]) for p in planted)
        starts = [s for s, _e, _k in spans]
        for hit in carve(mibtcp, os.path.join(planted_dir, "image.raw"), structure):
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
                yield hit, os.path.basename(os.path.normpath(planted_dir))


def report_structure(mibtcp, args):
    longest = collections.defaultdict(dict)
    for hit, source in foreign_hits(mibtcp, args, True):
        cell = longest[hit["kind"]]
        if hit["rows"] > cell.get(source, (0, ""))[0]:
            cell[source] = (hit["rows"], hit.get("va", hit.get("pa", hit["offset"])))
    print("longest counted run (rows @ where) per kind and source, and the decisive count:")
    for kind in KINDS:
        rows = max([0] + [r for r, _w in longest[kind].values()])
        if kind in NEVER_DECIDED:
            decisive = f"never (its tables are {NEVER_DECIDED[kind]} tables)"
        else:
            measured = max(24, (2 * rows + 7) // 8 * 8)
            current = STRUCTURE[kind]
            verdict = "RAISE carve.c's" if measured > current else "carve.c keeps"
            decisive = f"{measured} ({verdict} {current})"
        cells = ", ".join(f"{source} {r}@{w}" for source, (r, w) in sorted(longest[kind].items()))
        print(f"  {kind:12} longest {rows:5}  decisive {decisive}  ({cells})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--structure", action="store_true", help="measure the decisive row counts")
    ap.add_argument("--mibtcp", help="a measurement build to use instead of building one")
    ap.add_argument("--background", action="append", default=[])
    ap.add_argument("--wine", action="append", default=[])
    ap.add_argument("--planted", action="append", default=[])
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    mibtcp = args.mibtcp or build(src, args.work, args.structure)
    if args.structure:
        report_structure(mibtcp, args)
        return
    best = collections.defaultdict(lambda: None)
    where = {}
    for hit, source in foreign_hits(mibtcp, args, False):
        key = (hit["kind"], min(hit["rows"], COLUMNS + 1))
        if best[key] is None or hit["score"] > best[key]:
            best[key] = hit["score"]
            where[key] = f"{source}@{hit.get('va', hit.get('pa', hit['offset']))}"
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
