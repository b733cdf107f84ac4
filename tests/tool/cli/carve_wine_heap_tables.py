#!/usr/bin/env python3
"""`mibtcp carve` on real tables as they lay in a real heap (tests/data/wine_heap).

Each file is a live table of Wine's iphlpapi with the 16 bytes before it and its heap block's slack
and the 16 bytes after it, taken from the memory of the polling agent of
tests/tool/windows/wine_carve_corpus.py (export_heap_tables.py wrote them; the truth is the agent's
log, never mibtcp). This plants every file at a 16-byte boundary into pseudo-random bytes, carves
the image and asserts:
  - no false table: every hit with a header is one of the planted tables, with its kind and rows;
  - every table of 3 rows or more of a TCP kind or a UDP module kind is found at its dwNumEntries
    with its kind and rows (what carving promises for real tables this short: doc/design.md,
    "Carving: structure decides, content weighs"; Wine's UDP PID tables are found when their rows
    are not out of Windows' order, and measured here);
  - at least MIN_FOUND of the tables in all are found (the figure measured when the files were
    added; one-row tables and Wine's UDP basic tables carry too little evidence to be told from
    counted runs of other memory, see doc/design.md).
Prints the recall per kind and row count.
Usage: carve_wine_heap_tables.py MIBTCP DATA-DIR
"""
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

MIN_FOUND = 111


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mibtcp, data = sys.argv[1], sys.argv[2]
    tables = json.load(open(os.path.join(data, "manifest.json")))["tables"]
    rng = random.Random(24)
    image = bytearray()
    planted = []
    for t in tables:
        image += bytes(rng.getrandbits(8) for _ in range(4096 + 16 * rng.randrange(8)))
        planted.append((len(image) + t["table_offset"], t))
        image += open(os.path.join(data, t["file"]), "rb").read()
    image += bytes(rng.getrandbits(8) for _ in range(4096))
    with tempfile.NamedTemporaryFile(suffix=".img") as f:
        f.write(image)
        f.flush()
        run = subprocess.run([mibtcp, "carve", "--format", "jsonl", f.name], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"carve_wine_heap_tables: mibtcp carve exited {run.returncode}: {run.stderr}")
    hits = [json.loads(line) for line in run.stdout.splitlines()]
    truth = {(at, t["kind"]): t for at, t in planted}
    failures = []
    for h in hits:
        t = truth.get((h["offset"], h["kind"]))
        if h["header"] and (t is None or t["rows"] != h["rows"]):
            failures.append(f"false table: {h['kind']} {h['rows']} rows at {h['offset']}")
    found_at = {(h["offset"], h["kind"], h["rows"]) for h in hits if h["header"]}
    recall = collections.defaultdict(lambda: [0, 0])
    found = 0
    for at, t in planted:
        hit = (at, t["kind"], t["rows"]) in found_at
        found += hit
        size = "1 row" if t["rows"] == 1 else "2 rows" if t["rows"] == 2 else "3+ rows"
        recall[(t["kind"], size)][0] += hit
        recall[(t["kind"], size)][1] += 1
        promised = t["rows"] >= 3 and (t["kind"].startswith("tcp") or t["kind"].endswith("-module"))
        if promised and not hit:
            failures.append(f"missed: {t['file']} ({t['kind']}, {t['rows']} rows)")
    for (kind, size), (hit, total) in sorted(recall.items()):
        print(f"  {kind:12} {size:8} {hit:3} of {total}")
    print(f"carve_wine_heap_tables: {found} of {len(planted)} real heap tables found, "
          f"{sum(1 for h in hits if h['header'])} hits with a header, {len(hits)} hits")
    if found < MIN_FOUND:
        failures.append(f"only {found} tables found, {MIN_FOUND} were when the files were added")
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
