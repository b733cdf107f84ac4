#!/usr/bin/env python3
"""Run `mibtcp carve` on a planted image and score it against the truth plant.py wrote.

Reported:
  header-anchored recall   a planted table counts as found only by a hit at its dwNumEntries
                           with the exact kind, the exact row count and header true; per kind x
                           row count, per profile, and per adversarial content trait;
  misses, classified       wrong shape (a hit of the same kind overlaps, other offset/rows/header),
                           wrong kind (only hits of other kinds overlap), missed (nothing overlaps);
  orphan-run recall        exact (offset of the first row, kind, rows, header false) and overlap
                           (any hit of the same kind overlaps), plus the share of rows covered;
  confidence               distribution over the found header-anchored tables, per profile;
  false hits               hits that overlap no planted object, per background region, per GiB.

Usage: measure.py --mibtcp PATH --dir DIR [--json OUT] [--carve-args "..."]
                  [--require-header-recall PCT] [--header-gate-min-rows N] [--header-gate-kinds K,...]
                  [--require-orphan-overlap PCT] [--max-false-per-gib X]
Exit status: 0 all gates pass, 1 a gate failed, 2 usage or carve error.
"""
import argparse
import bisect
import collections
import json
import os
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import adversarial_tables as at  # noqa: E402

GIB = float(1 << 30)


def run_carve(mibtcp, image, extra):
    cmd = [mibtcp, "carve", "--format", "jsonl"] + extra + [image]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit("measure: %s exited %d" % (" ".join(cmd), proc.returncode))
    hits = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return hits, elapsed, " ".join(shlex.quote(c) for c in cmd)


class Index:
    """Planted objects by start offset, for overlap queries."""

    def __init__(self, planted):
        self.items = sorted(planted, key=lambda r: r["offset"])
        self.starts = [r["offset"] for r in self.items]
        self.max_len = max((r["length"] for r in self.items), default=0)

    def overlapping(self, lo, hi):
        i = bisect.bisect_left(self.starts, lo - self.max_len)
        out = []
        while i < len(self.items) and self.items[i]["offset"] < hi:
            r = self.items[i]
            if r["offset"] + r["length"] > lo:
                out.append(r)
            i += 1
        return out


def _pct(found, total):
    return 100.0 * found / total if total else float("nan")


def _quantiles(values):
    if not values:
        return {}
    v = sorted(values)

    def q(p):
        return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]
    buckets = collections.Counter(
        "100" if c >= 100 else "90-99" if c >= 90 else "50-89" if c >= 50 else "0-49" for c in v)
    return {"n": len(v), "min": v[0], "p10": q(0.10), "median": q(0.5), "max": v[-1],
            "buckets": dict(buckets)}


def score(truth, hits):
    planted = truth["planted"]
    index = Index(planted)
    by_object = collections.defaultdict(list)
    false_hits = []
    for h in hits:
        over = index.overlapping(h["offset"], h["offset"] + h["length"])
        if not over:
            false_hits.append(h)
        for r in over:
            by_object[r["id"]].append(h)

    header = {"cells": collections.defaultdict(lambda: [0, 0]),
              "profile": collections.defaultdict(lambda: [0, 0]),
              "trait": collections.defaultdict(lambda: [0, 0]),
              "rows": collections.defaultdict(lambda: [0, 0]),
              "kind": collections.defaultdict(lambda: [0, 0]),
              "outcome": collections.Counter(), "confidence": collections.defaultdict(list),
              "every": [],  # (rows, found, kind) of every header-anchored table, for the gate
              "misses": []}
    orphan = {"kind": collections.defaultdict(lambda: [0, 0, 0, 0.0]),
              "rows": collections.defaultdict(lambda: [0, 0, 0, 0.0]),
              "profile": collections.defaultdict(lambda: [0, 0, 0, 0.0])}
    wrong_kind_hits = 0
    for r in planted:
        mine = by_object.get(r["id"], [])
        wrong_kind_hits += sum(1 for h in mine if h["kind"] != r["kind"])
        same = [h for h in mine if h["kind"] == r["kind"]]
        if r["header"]:
            exact = [h for h in same if h["offset"] == r["offset"] and h["rows"] == r["rows"]
                     and h["header"]]
            outcome = "exact" if exact else "wrong_shape" if same else \
                "wrong_kind" if mine else "missed"
            header["outcome"][outcome] += 1
            ok = 1 if exact else 0
            header["every"].append((r["rows"], ok, r["kind"]))
            if r["profile"] == "single":
                # typical content but one dimension: recall says which content prior matters
                keys = [("profile", "single")] + [("trait", "%s=%s" % (k, v))
                                                  for k, v in r["traits"].items() if k != "profile"]
            else:
                keys = [("cells", (r["kind"], r["rows"])), ("profile", r["profile"]),
                        ("rows", r["rows"]), ("kind", r["kind"])]
            for table, key in keys:
                header[table][key][0] += ok
                header[table][key][1] += 1
            if exact:
                header["confidence"][r["profile"]].append(exact[0]["confidence"])
            else:
                header["misses"].append({
                    "id": r["id"], "kind": r["kind"], "rows": r["rows"], "offset": r["offset"],
                    "region": r["region"], "profile": r["profile"], "outcome": outcome,
                    "traits": r["traits"],
                    "hits": [{k: h[k] for k in ("offset", "kind", "rows", "header", "confidence")}
                             for h in mine[:4]]})
        else:
            exact = any(h["offset"] == r["offset"] and h["rows"] == r["rows"] and not h["header"]
                        for h in same)
            size = r["row_size"]
            covered = set()
            for h in same:
                first = h["offset"] + (at.header_size(r["kind"]) if h["header"] else 0)
                for i in range(h["rows"]):
                    row_at = first + i * size - r["offset"]
                    if row_at % size == 0 and 0 <= row_at // size < r["rows"]:
                        covered.add(row_at // size)
            for table, key in (("kind", r["kind"]), ("rows", r["rows"]),
                               ("profile", r["profile"])):
                cell = orphan[table][key]
                cell[0] += 1 if exact else 0
                cell[1] += 1 if same else 0
                cell[2] += 1
                cell[3] += len(covered) / r["rows"]

    false_by_region = collections.OrderedDict()
    for reg in truth["regions"]:
        false_by_region[reg["name"]] = {"bytes": reg["length"], "hits": 0,
                                        "kinds": collections.Counter(), "examples": []}
    starts = [reg["offset"] for reg in truth["regions"]]
    for h in false_hits:
        reg = truth["regions"][bisect.bisect_right(starts, h["offset"]) - 1]
        entry = false_by_region[reg["name"]]
        entry["hits"] += 1
        entry["kinds"][h["kind"]] += 1
        if len(entry["examples"]) < 5:
            entry["examples"].append({k: h[k] for k in ("offset", "kind", "rows", "header",
                                                        "confidence", "score")})
    for entry in false_by_region.values():
        entry["per_gib"] = entry["hits"] / (entry["bytes"] / GIB) if entry["bytes"] else 0.0
        entry["kinds"] = dict(entry["kinds"])
    return header, orphan, false_by_region, wrong_kind_hits


def _fmt_cell(found, total):
    return "%d/%d" % (found, total) if total else "-"


def report(truth, header, orphan, false_by_region, wrong_kind_hits, hits, elapsed, command):
    lines = []
    out = lines.append
    out("carve_truth: %s" % command)
    out("image %.1f MiB, %d planted objects, %d hits, carve %.2f s" % (
        truth["image_bytes"] / 1048576.0, len(truth["planted"]), len(hits), elapsed))
    total = [sum(v[0] for v in header["kind"].values()), sum(v[1] for v in header["kind"].values())]
    out("")
    out("HEADER-ANCHORED tables found exactly (offset of dwNumEntries, kind, rows, header), "
        "typical + adversarial: %d/%d = %.1f %%" % (total[0], total[1], _pct(*total)))
    every = header["every"]
    out("  all profiles (with single-trait): %d/%d = %.1f %%" % (
        sum(ok for _, ok, _ in every), len(every), _pct(sum(ok for _, ok, _ in every), len(every))))
    for prof, (f, t) in sorted(header["profile"].items()):
        out("  %-12s %d/%d = %.1f %%" % (prof, f, t, _pct(f, t)))
    out("  outcomes (all profiles): " + ", ".join("%s %d" % kv for kv in sorted(header["outcome"].items())))
    counts = at.ROW_COUNTS
    out("")
    out("%-12s" % "kind \\ rows" + "".join("%9d" % n for n in counts) + "   recall")
    for kind in at.KINDS:
        cells = [header["cells"].get((kind, n), [0, 0]) for n in counts]
        f, t = header["kind"].get(kind, [0, 0])
        out("%-12s" % kind + "".join("%9s" % _fmt_cell(*c) for c in cells) + "  %6.1f %%" % _pct(f, t))
    out("%-12s" % "all" + "".join("%9s" % _fmt_cell(*header["rows"].get(n, [0, 0])) for n in counts))
    out("")
    out("single-trait tables (typical content, one dimension drawn wide; 3-50 rows), "
        "recall by trait, lowest first:")
    traits = sorted(header["trait"].items(), key=lambda kv: (_pct(*kv[1]), kv[0]))
    for name, (f, t) in traits:
        out("  %-36s %5d/%-5d %5.1f %%" % (name, f, t, _pct(f, t)))
    out("")
    out("confidence of found header-anchored tables:")
    for prof, values in sorted(header["confidence"].items()):
        q = _quantiles(values)
        out("  %-12s n=%d min %d p10 %d median %d max %d  buckets %s" % (
            prof, q["n"], q["min"], q["p10"], q["median"], q["max"],
            " ".join("%s:%d" % kv for kv in sorted(q["buckets"].items()))))
    out("")
    out("ORPHAN runs (no header): exact = offset of first row, kind, rows; overlap = any hit of "
        "the kind; rows = share of rows inside hits of the kind")
    out("  %-12s %10s %10s %8s" % ("kind", "exact", "overlap", "rows"))
    for kind in at.KINDS:
        e, o, t, rows = orphan["kind"].get(kind, [0, 0, 0, 0.0])
        out("  %-12s %10s %10s %7.1f%%" % (kind, _fmt_cell(e, t), _fmt_cell(o, t),
                                            100.0 * rows / t if t else float("nan")))
    for title in ("rows", "profile"):
        out("  %-12s %10s %10s %8s" % (title, "exact", "overlap", "rows"))
        for key, (e, o, t, rows) in sorted(orphan[title].items()):
            out("  %-12s %10s %10s %7.1f%%" % (key, _fmt_cell(e, t), _fmt_cell(o, t),
                                                100.0 * rows / t))
    out("")
    out("FALSE hits (overlapping no planted object) per background:")
    for name, e in false_by_region.items():
        out("  %-10s %8.1f MiB %6d hits %10.1f /GiB  %s" % (
            name, e["bytes"] / 1048576.0, e["hits"], e["per_gib"],
            " ".join("%s:%d" % kv for kv in sorted(e["kinds"].items()))))
    out("  hits of another kind overlapping a planted object: %d" % wrong_kind_hits)
    for skipped in truth.get("skipped_backgrounds", []):
        out("  background %s NOT measured: %s" % (skipped["name"], skipped["reason"]))
    return "\n".join(lines)


def summary_json(truth, header, orphan, false_by_region, wrong_kind_hits, hits, elapsed, command):
    def pairs(d):
        return {str(k): {"found": v[0], "planted": v[1], "recall_pct": _pct(v[0], v[1])}
                for k, v in d.items()}
    return {
        "command": command, "carve_seconds": elapsed, "image_bytes": truth["image_bytes"],
        "image_sha256": truth.get("image_sha256"), "hits": len(hits),
        "header": {
            "by_kind_rows": {"%s/%d" % k: {"found": v[0], "planted": v[1]}
                             for k, v in sorted(header["cells"].items())},
            "by_kind": pairs(header["kind"]), "by_rows": pairs(header["rows"]),
            "by_profile": pairs(header["profile"]), "by_trait": pairs(header["trait"]),
            "outcomes": dict(header["outcome"]),
            "all_profiles": {"found": sum(ok for _, ok, _ in header["every"]),
                             "planted": len(header["every"])},
            "confidence": {p: _quantiles(v) for p, v in header["confidence"].items()},
            "misses": header["misses"]},
        "orphan": {t: {str(k): {"exact": v[0], "overlap": v[1], "planted": v[2],
                                "rows_covered_pct": 100.0 * v[3] / v[2] if v[2] else None}
                       for k, v in orphan[t].items()} for t in ("kind", "rows", "profile")},
        "false_hits": false_by_region, "wrong_kind_hits_on_planted": wrong_kind_hits}


def gates(args, header, orphan, false_by_region):
    failures = []
    if args.require_header_recall is not None:
        f = t = 0
        kinds = args.header_gate_kinds.split(",") if args.header_gate_kinds else None
        for n, ok, kind in header["every"]:
            if n >= args.header_gate_min_rows and (kinds is None or kind in kinds):
                f, t = f + ok, t + 1
        if t and _pct(f, t) < args.require_header_recall:
            failures.append("header-anchored recall (tables of >= %d rows%s) %.2f %% < %g %%" % (
                args.header_gate_min_rows, ", kinds " + args.header_gate_kinds if kinds else "", _pct(f, t),
                args.require_header_recall))
    if args.require_orphan_overlap is not None:
        o = sum(v[1] for v in orphan["kind"].values())
        t = sum(v[2] for v in orphan["kind"].values())
        if t and _pct(o, t) < args.require_orphan_overlap:
            failures.append("orphan-run overlap recall %.2f %% < %g %%" % (
                _pct(o, t), args.require_orphan_overlap))
    if args.max_false_per_gib is not None:
        for name, e in false_by_region.items():
            if e["per_gib"] > args.max_false_per_gib:
                failures.append("false hits in %s: %.1f /GiB > %g" % (
                    name, e["per_gib"], args.max_false_per_gib))
    return failures


def add_arguments(ap):
    ap.add_argument("--mibtcp", required=True, help="the mibtcp tool to measure")
    ap.add_argument("--carve-args", default="", help="extra arguments for mibtcp carve")
    ap.add_argument("--json", help="write the JSON summary here (default DIR/summary.json)")
    ap.add_argument("--require-header-recall", type=float, metavar="PCT",
                    help="fail when header-anchored recall is below PCT percent")
    ap.add_argument("--header-gate-min-rows", type=int, default=1, metavar="N",
                    help="--require-header-recall counts only tables of >= N rows (default 1)")
    ap.add_argument("--header-gate-kinds", metavar="K,...",
                    help="--require-header-recall counts only tables of these kinds (default all)")
    ap.add_argument("--require-orphan-overlap", type=float, metavar="PCT",
                    help="fail when fewer than PCT percent of orphan runs overlap a hit of their kind")
    ap.add_argument("--max-false-per-gib", type=float, metavar="X",
                    help="fail when any background has more than X false hits per GiB")


def measure(args, directory):
    with open(os.path.join(directory, "truth.json")) as f:
        truth = json.load(f)
    image = os.path.join(directory, "image.raw")
    hits, elapsed, command = run_carve(args.mibtcp, image, shlex.split(args.carve_args))
    scored = score(truth, hits)
    print(report(truth, *scored, hits, elapsed, command))
    summary = summary_json(truth, *scored, hits, elapsed, command)
    failures = gates(args, scored[0], scored[1], scored[2])
    summary["gate_failures"] = failures
    with open(args.json or os.path.join(directory, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, default=str)
    for line in failures:
        print("GATE FAILED: " + line)
    return 1 if failures else 0


def self_test():
    """The scoring counts what it says on a hand-made truth and hand-made hits."""
    def obj(i, kind, rows, header, offset, profile="typical"):
        length = (at.header_size(kind) if header else 0) + rows * at.row_size(kind)
        return {"id": i, "kind": kind, "rows": rows, "header": header, "offset": offset,
                "length": length, "row_size": at.row_size(kind), "profile": profile,
                "traits": {"profile": profile}, "region": "zeros"}
    truth = {"image_bytes": 2 << 20, "regions": [
        {"name": "zeros", "offset": 0, "length": 1 << 20},
        {"name": "random", "offset": 1 << 20, "length": 1 << 20}], "planted": [
        obj(0, "tcp4-pid", 5, True, 4096), obj(1, "udp4-basic", 10, True, 8192),
        obj(2, "tcp6-module", 3, True, 12288), obj(3, "udp6-pid", 4, False, 16384),
        obj(4, "tcp4-row2", 50, False, 20480)]}

    def hit(offset, kind, rows, header, confidence=80):
        length = (at.header_size(kind) if header else 0) + rows * at.row_size(kind)
        return {"offset": offset, "kind": kind, "rows": rows, "length": length, "header": header,
                "confidence": confidence, "score": 1.0}
    hits = [hit(4096, "tcp4-pid", 5, True, 90),         # exact
            hit(8196, "udp4-basic", 10, False),         # same kind, no header: wrong shape
            hit(12288, "udp4-module", 2, True),         # other kind only: wrong kind
            hit(16384, "udp6-pid", 4, False),           # orphan exact
            hit(20480 + 28 * 10, "tcp4-row2", 20, False),  # orphan overlap, rows 10..29
            hit(1 << 19, "tcp4-basic", 3, True),        # false, zeros
            hit((1 << 20) + 64, "udp4-pid", 12, True)]  # false, random
    header, orphan, false_by_region, wrong_kind = score(truth, hits)
    assert header["outcome"] == {"exact": 1, "wrong_shape": 1, "wrong_kind": 1}, header["outcome"]
    assert header["confidence"]["typical"] == [90]
    assert orphan["kind"]["udp6-pid"][:3] == [1, 1, 1]
    assert orphan["kind"]["tcp4-row2"][:3] == [0, 1, 1] and abs(orphan["kind"]["tcp4-row2"][3]
                                                                 - 0.4) < 1e-9
    assert false_by_region["zeros"]["hits"] == 1 and false_by_region["random"]["hits"] == 1
    assert false_by_region["zeros"]["per_gib"] == 1024.0
    assert wrong_kind == 1
    args = argparse.Namespace(require_header_recall=100.0, header_gate_min_rows=1, header_gate_kinds=None,
                              require_orphan_overlap=100.0, max_false_per_gib=0.0)
    assert len(gates(args, header, orphan, false_by_region)) == 3  # orphans all overlap
    args = argparse.Namespace(require_header_recall=33.0, header_gate_min_rows=1, header_gate_kinds=None,
                              require_orphan_overlap=100.0, max_false_per_gib=1024.0)
    assert gates(args, header, orphan, false_by_region) == []
    args.header_gate_min_rows = 6  # only the 10-row table counts: 0 of 1
    assert len(gates(args, header, orphan, false_by_region)) == 1
    args.header_gate_kinds = "udp6-basic"  # no table of that kind: nothing to gate
    assert gates(args, header, orphan, false_by_region) == []
    return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", help="directory with image.raw and truth.json")
    ap.add_argument("--self-test", action="store_true", help="check the scoring and exit")
    add_arguments(ap)
    if argv is None and "--self-test" in sys.argv[1:]:
        self_test()
        print("measure: self-test ok")
        return 0
    args = ap.parse_args(argv)
    if not args.dir:
        ap.error("--dir is required")
    return measure(args, args.dir)


if __name__ == "__main__":
    sys.exit(main())
