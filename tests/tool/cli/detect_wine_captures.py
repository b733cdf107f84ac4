#!/usr/bin/env python3
"""`mibtcp detect` on real tables from a producer this project did not write (tests/data/wine).

Every non-empty capture of every class, as Wine's iphlpapi returned it, and three damaged copies of
each (the last row cut in half, dwNumEntries one too large, the last row missing), through
`mibtcp detect --format json`. The kind of each file comes from the capture's manifest (the call
that made it), never from mibtcp. Asserted:
  - an intact capture is never "not a table": decided with its kind, or ambiguous naming it first;
  - "decided" is never wrong, on intact or damaged captures (a damaged one is decided as its kind);
  - an empty table (its header alone) is ambiguous;
  - "ambiguous" names the true kind first on every intact capture;
  - every verdict stated with 90 % or more (the verdict's kind, or "not a table") is right at least
    90 % of the time, over all the captures and their damaged copies: a damaged table is a table,
    so "not a table" is wrong on it, and may not be said with 90 %.
Printed: per case and verdict, how often the answer was right, split at a stated confidence of
90 % (the calibration per verdict the README quotes), and per verdict over all cases.
Usage: detect_wine_captures.py MIBTCP DATA-DIR
"""
import collections
import json
import os
import subprocess
import sys

# Row sizes, from the SDK (doc/formats.md): the damage is made by hand, not by mibtcp.
STRIDE = {"tcp4-module": 160, "tcp6-module": 192, "tcp4-pid": 24, "tcp6-pid": 56, "tcp4-basic": 20,
          "tcp6-basic": 52, "tcp4-row2": 28, "tcp6-row2": 60, "udp4-module": 160, "udp6-module": 176,
          "udp4-pid": 12, "udp6-pid": 28, "udp4-basic": 8, "udp6-basic": 24}


def detect(mibtcp, data):
    run = subprocess.run([mibtcp, "detect", "--format", "json", "-"], input=data, capture_output=True)
    if run.returncode not in (0, 1, 2):
        sys.exit(f"detect_wine_captures: mibtcp detect exited {run.returncode}: {run.stderr.decode()}")
    return json.loads(run.stdout)


def cases(data, kind):
    rows = int.from_bytes(data[:4], "little")
    stride = STRIDE[kind]
    yield "intact", data
    yield "last row cut in half", data[:-(stride // 2)]
    yield "count one too large", (rows + 1).to_bytes(4, "little") + data[4:]
    if rows > 1:
        yield "last row missing", data[:-stride]


def main():
    mibtcp, root = sys.argv[1], sys.argv[2]
    failures = []
    table = collections.defaultdict(collections.Counter)
    empty = 0
    for capture in sorted(os.listdir(root)):
        directory = os.path.join(root, capture)
        manifest = os.path.join(directory, "manifest.json")
        if not os.path.isfile(manifest):
            continue
        with open(manifest, encoding="utf-8") as f:
            calls = json.load(f)["calls"]
        for call in calls:
            if not call.get("file"):
                continue
            kind = call["kind"]
            with open(os.path.join(directory, call["file"]), "rb") as f:
                data = f.read()
            where = f"{capture}/{call['file']}"
            if int.from_bytes(data[:4], "little") == 0:
                empty += 1
                if detect(mibtcp, data)["verdict"] != "ambiguous":
                    failures.append(f"{where}: an empty table is not ambiguous")
                continue
            for case, bytes_ in cases(data, kind):
                r = detect(mibtcp, bytes_)
                verdict = r["verdict"]
                first = r["candidates"][0]["kind"] if r["candidates"] else None
                stated = r["not_a_table"] if verdict == "not-a-table" else r["candidates"][0]["confidence"]
                right = (verdict == "decided" and r["kind"] == kind) or (verdict == "ambiguous" and first == kind)
                table[(case, verdict, stated >= 90)]["right" if right else "wrong"] += 1
                if verdict == "decided" and r["kind"] != kind:
                    failures.append(f"{where} ({case}): decided {r['kind']}, the call made {kind}")
                if case == "intact" and not right:
                    failures.append(f"{where}: {verdict} (first {first}), the call made {kind}")
    print(f"{'case':<22} {'verdict':<12} {'stated':<7} {'right':>6} {'wrong':>6}")
    for (case, verdict, high), counts in sorted(table.items()):
        print(f"{case:<22} {verdict:<12} {'>= 90%' if high else '< 90%':<7} {counts['right']:>6} {counts['wrong']:>6}")
    print(f"{empty} empty tables: ambiguous")
    print(f"{'verdict':<12} {'stated':<7} {'right':>6} {'wrong':>6}")
    for verdict in ("decided", "ambiguous", "not-a-table"):
        for high in (True, False):
            right = sum(c["right"] for (_, v, h), c in table.items() if v == verdict and h == high)
            wrong = sum(c["wrong"] for (_, v, h), c in table.items() if v == verdict and h == high)
            print(f"{verdict:<12} {'>= 90%' if high else '< 90%':<7} {right:>6} {wrong:>6}")
            if high and right < 0.9 * (right + wrong):
                failures.append(f"{verdict} stated with >= 90% is right {right} times of {right + wrong}")
    for failure in failures:
        print("FAIL:", failure)
    right = sum(c["right"] for c in table.values())
    print(f"{right + empty} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
