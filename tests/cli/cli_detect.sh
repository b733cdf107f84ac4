#!/bin/bash
# mibtcp detect: text and json, the three verdicts and their exit statuses, and
# the right kind for gen tables of every kind (issue 5: >= 4 rows; issue 4: the
# two module kinds with >= 2 rows).
. "$(dirname "$0")/cli_lib.sh"
need_python

# Decisions are collected in $WORK/decided/KIND.N and checked by one Python run.
mkdir "$WORK/decided"
decisions=0
expect_decided() {
    expect_rc 0
    decisions=$((decisions + 1))
    cp "$OUT" "$WORK/decided/$1.$decisions"
}
# expect_gen_decided KIND ROWS SEED: detect decides KIND for that gen table.
expect_gen_decided() {
    gen_file d.bin --kind "$1" --rows "$2" --seed "$3"
    run detect --format json "$WORK/d.bin"
    expect_decided "$1"
}
check_decisions() {
    py_check "$WORK/decided" <<'PY'
import json, os, sys
for name in os.listdir(sys.argv[1]):
    kind = name.split(".")[0]
    doc = json.load(open(os.path.join(sys.argv[1], name)))
    assert doc["verdict"] == "decided" and doc["kind"] == kind, (doc["verdict"], doc["kind"], kind)
    c = doc["candidates"]
    assert c[0]["kind"] == kind and c[0]["confidence"] > 50 and c[0]["valid"] is True, c[0]
    assert all(c[i]["score"] >= c[i + 1]["score"] for i in range(len(c) - 1)), "not ranked by score"
    assert sum(x["confidence"] for x in c) <= 100, "confidences are percents among the candidates"
    assert len({x["kind"] for x in c}) == len(c), "a kind listed twice"
    for x in c:
        assert set(x) == {"kind", "confidence", "score", "rows", "valid", "trailing", "evidence"}, sorted(x)
PY
    rm -f "$WORK/decided"/*
}

for kind in $(all_kinds); do
    for rows in 4 5 9; do
        for seed in 1 2 3 4 5; do
            expect_gen_decided $kind $rows $seed
        done
    done
done
for kind in tcp4-module tcp6-module; do
    for rows in 2 3; do
        for seed in 1 2 3 4 5 6 7 8 9 10; do
            expect_gen_decided $kind $rows $seed
        done
    done
done
check_decisions

# Text: verdict line, a ranked table, the evidence; same ranking as json.
gen_file t4.bin --kind tcp4-module --rows 3 --seed 7
run detect --format json "$WORK/t4.bin"
cp "$OUT" "$WORK/t4.json"
run detect "$WORK/t4.bin"
expect_rc 0
expect_err_empty
expect_out_matches "^$WORK/t4.bin: 488 bytes: kind decided$"
expect_out_matches "^rank  kind +confidence +score +rows  valid +evidence$"
expect_out_matches "^1 +tcp4-module +[0-9]+%  +[0-9-]+ +3  yes +length exact; states valid 3/3; port upper bits zero 6/6; PIDs multiple of 4 3/3; timestamps 1995..2100 3/3; padding zero 1/1$"
py_check "$OUT" "$WORK/t4.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
doc = json.load(open(sys.argv[2]))
rows = lines[2:]
assert len(rows) == len(doc["candidates"]), (len(rows), len(doc["candidates"]))
for n, (line, c) in enumerate(zip(rows, doc["candidates"]), 1):
    f = line.split(None, 6)
    assert f[:6] == [str(n), c["kind"], "%d%%" % c["confidence"], str(c["score"]), str(c["rows"]),
                     "yes" if c["valid"] else "NO"], (line, c)
    assert f[6] == c["evidence"], (line, c)
PY
run_in "$WORK/t4.bin" detect -
expect_rc 0
expect_out_matches "^<stdin>: 488 bytes: kind decided$"

# Ambiguous: exit 1, every candidate listed, no kind.
printf '\0\0\0\0\0\0\0\0' >"$WORK/zero8.bin"
run detect "$WORK/zero8.bin"
expect_rc 1
expect_err_empty
expect_out_matches "^.*zero8\.bin: 8 bytes: AMBIGUOUS \(give --kind\)$"
run detect --format json "$WORK/zero8.bin"
expect_rc 1
py_check "$OUT" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"] == "ambiguous" and doc["kind"] is None and doc["bytes"] == 8, doc
kinds = [c["kind"] for c in doc["candidates"]]
assert set(kinds[:4]) == {"tcp4-module", "tcp6-module", "udp4-module", "udp6-module"}, kinds
assert doc["candidates"][0]["score"] == doc["candidates"][1]["score"]
PY
# Nothing fits: exit 1, no candidates.
printf '\377\377\377\377\0\0\0\0' >"$WORK/huge-count.bin"
run detect "$WORK/huge-count.bin"
expect_rc 1
expect_out_lines 1
expect_out_matches "huge-count\.bin: 8 bytes: no kind fits$"
run detect --format json "$WORK/huge-count.bin"
expect_rc 1
expect_out_matches '^\{"bytes":8,"verdict":"none","kind":null,"candidates":\[\]\}$'
# Too short for any kind.
printf '\001\000' >"$WORK/two.bin"
run detect --format json "$WORK/two.bin"
expect_rc 1
expect_out_matches '"verdict":"none"'

# A damaged table of the right kind stays the first candidate, marked not valid;
# dump and check then report where it is damaged.
gen_file bad.bin --kind tcp4-module --rows 4 --seed 3 --bad-state 2
run detect --format json "$WORK/bad.bin"
py_check "$OUT" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
first = doc["candidates"][0]
assert first["kind"] == "tcp4-module" and first["valid"] is False, first
PY
run dump "$WORK/bad.bin"
expect_rc 1
expect_out_empty
expect_err_matches "ERR_BAD_STATE"

# Input options: hex, and a table carved out of a larger file.
"$MIBTCP" gen --kind udp6-pid --rows 6 --seed 4 --format hex >"$WORK/u.hex"
run detect --format json --hex "$WORK/u.hex"
expect_decided udp6-pid
{ printf 'JUNKJUNK'; "$MIBTCP" gen --kind tcp6-row2 --rows 5 --seed 4; printf 'tail'; } >"$WORK/carved.bin"
run detect --format json --offset 8 --length $((4 + 5 * 60)) "$WORK/carved.bin"
expect_decided tcp6-row2
check_decisions
finish
