#!/bin/bash
# Output: the timeline formats (Timesketch JSON Lines, Sleuth Kit body file)
# checked against the JSON Lines rows, write errors reported and closed pipes
# quiet, the progress meter, valid UTF-8 JSON whatever the file name, and
# the small option rules (--kind AUTO, --, "1 byte").
. "$(dirname "$0")/cli_lib.sh"
need_python

# Row 1 has no creation time (0), row 2 an implausible one (1601): neither becomes an event time.
# Read from standard input without --observed, there is no observation time: Timesketch leaves
# those two rows out and says so; with --observed they are placed at that time.
gen_file t4.bin --kind tcp4-module --rows 6 --seed 3 --zero-timestamp 1 --bad-timestamp 2
run dump --kind tcp4-module --format jsonl "$WORK/t4.bin"
cp "$OUT" "$WORK/t4.jsonl"
run_in "$WORK/t4.bin" dump --kind tcp4-module --format timesketch -
expect_rc 0
expect_err_lines 1
expect_err_matches "^mibtcp dump: 2 rows without a plausible creation time left out of the timeline: give --observed TIME"
cp "$OUT" "$WORK/t4-unobserved.jsonl"
run dump --kind tcp4-module --format timesketch --observed 2024-05-01T14:30:00+02:00 "$WORK/t4.bin"
expect_rc 0
expect_err_empty
py_check "$OUT" "$WORK/t4.jsonl" "$WORK/t4-unobserved.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[2])]
events = [json.loads(l) for l in open(sys.argv[1])]
unobserved = [json.loads(l) for l in open(sys.argv[3])]
assert len(events) == len(rows), (len(events), len(rows))
assert [e["row"] for e in unobserved] == [0, 3, 4, 5], [e["row"] for e in unobserved]
for e, r in zip(events, rows):
    assert list(e)[:5] == ["message", "datetime", "timestamp_desc", "observed", "observed_source"], list(e)[:5]
    assert e["observed"] == "2024-05-01T12:30:00.0000000Z" and e["observed_source"] == "option", e
    if r["row"] in (1, 2):  # 0 and 1601: the observation time, never the placeholder
        assert e["datetime"] == e["observed"] and e["timestamp_desc"] == "Seen in capture", e
    else:
        assert e["datetime"] == r["created"], e
        want_desc = "Listener created" if r["state"] == "LISTEN" else "Socket created"
        assert e["timestamp_desc"] == want_desc, e
    assert {k: v for k, v in e.items() if k not in list(e)[:5]} == r
    want = "TCP %s:%d -> %s:%d %s pid %d" % (r["local_addr"], r["local_port"], r["remote_addr"],
                                             r["remote_port"], r["state"], r["pid"])
    assert e["message"] == want, (e["message"], want)
PY
run dump --kind tcp4-module --format bodyfile --observed 2024-05-01 "$WORK/t4.bin"
expect_rc 0
expect_err_empty
py_check "$OUT" "$WORK/t4.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[2])]
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == len(rows)
for line, r in zip(lines, rows):
    f = line.split("|")
    assert len(f) == 11, f
    assert f[0] == "0" and f[2:7] == ["0"] * 5 and f[8:10] == ["0", "0"], f
    assert f[1].startswith("TCP %s:%d -> " % (r["local_addr"], r["local_port"])), f[1]
    assert f[1].endswith("(tcp4-module row %d)" % r["row"]), f[1]
    assert int(f[7]) == 1714521600, f  # atime: seen at 2024-05-01T00:00:00Z
    ft = int(r["created_filetime"])
    want = (ft - 116444736000000000) // 10000000 if r["row"] not in (1, 2) else 0
    assert int(f[10]) == want, (f[10], want)
PY
# A kind without creation times, from standard input without --observed: nothing on the
# timeline, every row in the body file without a time, and both say so on stderr.
gen_file u4.bin --kind udp4-pid --rows 3 --seed 3
run_in "$WORK/u4.bin" dump --kind udp4-pid --format timesketch -
expect_rc 0
expect_out_empty
expect_err_matches "^mibtcp dump: 3 rows without a plausible creation time left out of the timeline"
run_in "$WORK/u4.bin" dump --kind udp4-pid --format bodyfile -
expect_out_lines 3
expect_out_matches '^0\|UDP [0-9.]+:[0-9]+ pid [0-9]+ \(udp4-pid row 0\)\|0\|0\|0\|0\|0\|0\|0\|0\|0$'
expect_err_matches "^mibtcp dump: 3 rows without a plausible creation time or an observation time: mactime skips them"
# From a file: its modification time is the observation time, and the events say so.
touch -d 2023-03-04T05:06:07Z "$WORK/u4.bin"
run dump --kind udp4-pid --format timesketch "$WORK/u4.bin"
expect_rc 0
expect_err_empty
expect_out_lines 3
expect_out_matches '^\{"message":"UDP [0-9.]+:[0-9]+ pid [0-9]+","datetime":"2023-03-04T05:06:07.0000000Z","timestamp_desc":"Seen in capture","observed":"2023-03-04T05:06:07.0000000Z","observed_source":"file_mtime","row":0,'
# --observed: ISO 8601 with a zone, inside the years check accepts; fractions to 100 ns.
for good in "2024-02-29T23:59:59.9999999Z|2024-02-29T23:59:59.9999999Z" "2024-05-01 12:00Z|2024-05-01T12:00:00.0000000Z" \
            "2024-01-01T00:30:00.5-01:30|2024-01-01T02:00:00.5000000Z" "1995-01-01|1995-01-01T00:00:00.0000000Z"; do
    run dump --kind udp4-pid --format timesketch --observed "${good%%|*}" "$WORK/u4.bin"
    expect_rc 0
    expect_out_matches "\"datetime\":\"${good#*|}\",\"timestamp_desc\":\"Seen in capture\",\"observed\":\"${good#*|}\",\"observed_source\":\"option\""
done
# --observed: ISO 8601 with a zone, inside the years check accepts.
for bad in 2024-05-01T12:00:00 1994-12-31 2100-01-01 2024-02-30 24-05-01 2024-05-01T25:00Z; do
    run dump --kind udp4-pid --format timesketch --observed "$bad" "$WORK/u4.bin"
    expect_rc 2
    expect_err_matches "^mibtcp dump: --observed "
done

# OwningModuleInfo[0] as its own column, in CSV too.
run dump --kind tcp4-module --format csv "$WORK/t4.bin"
py_check "$OUT" "$WORK/t4.bin" <<'PY'
import csv, struct, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
data = open(sys.argv[2], "rb").read()
for i, r in enumerate(rows):
    want = struct.unpack_from("<Q", data, 8 + 160 * i + 32)[0]
    assert r["service_tag"] == "0x%016x" % want and r["module_info"][:18] == "0x" + data[8 + 160 * i + 32:][:8].hex()
PY

# Write errors: one line naming standard output, exit 2; a closed pipe: quiet.
if [ -w /dev/full ]; then
    for format in table jsonl json csv timesketch bodyfile; do
        last="mibtcp dump --format $format t4.bin > /dev/full"
        "$MIBTCP" dump --kind tcp4-module --format $format "$WORK/t4.bin" >/dev/full 2>"$ERR"
        rc=$?
        expect_rc 2
        expect_err_matches "^mibtcp dump: standard output: write error: No space left on device$"
        [ $format = timesketch ] || expect_err_lines 1
    done
    for cmd in check detect; do
        last="mibtcp $cmd t4.bin > /dev/full"
        "$MIBTCP" $cmd "$WORK/t4.bin" >/dev/full 2>"$ERR"
        rc=$?
        expect_rc 2
        expect_err_matches "^mibtcp $cmd: standard output: write error: No space left on device$"
    done
    last="mibtcp gen > /dev/full"
    "$MIBTCP" gen --kind tcp4-pid --format hex >/dev/full 2>"$ERR"
    rc=$?
    expect_rc 2
    expect_err_matches "^mibtcp gen: standard output: write error: No space left on device$"
else
    skip_note "/dev/full not available: write errors not tried"
fi
gen_file big.bin --kind tcp4-pid --rows 100000 --seed 1
last="mibtcp dump big.bin | head -1"
"$MIBTCP" dump --kind tcp4-pid --format jsonl "$WORK/big.bin" 2>"$ERR" | head -1 >/dev/null
expect_err_empty
last="(trap '' PIPE; mibtcp dump big.bin | head -1)"
(trap '' PIPE; "$MIBTCP" dump --kind tcp4-pid --format jsonl "$WORK/big.bin" 2>"$ERR" | head -1 >/dev/null)
expect_err_empty

# The progress meter: forced on, drawn on stderr and erased; off by default when not a terminal.
run dump --kind tcp4-pid --format jsonl --progress "$WORK/big.bin"
expect_rc 0
expect_err_matches 'MiB \([0-9]+%\), [0-9]+ MiB/s, [0-9]+ s left'
checks=$((checks + 1))
[ "$(tail -c 1 "$ERR" | od -An -c | tr -d ' ')" = '\r' ] || fail "the meter is not erased at the end (no final CR)"
run dump --kind tcp4-pid --format jsonl "$WORK/big.bin"
expect_err_empty
run dump --kind tcp4-pid --format jsonl --progress --no-progress "$WORK/big.bin"
expect_err_empty

# A file name that is not UTF-8 still gives valid UTF-8 JSON.
name=$(printf 'caf\351-\377.bin')
cp "$WORK/t4.bin" "$WORK/$name"
run check --kind tcp4-module --format json "$WORK/$name"
expect_rc 0
py_check "$OUT" <<'PY'
import json, sys
doc = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))  # strict: fails on invalid UTF-8
assert doc["input"].endswith("caf\ufffd-\ufffd.bin"), doc["input"]
PY

# --kind AUTO (kind names are case-insensitive, so is auto); -- ends the options.
run dump --kind AUTO --format jsonl "$WORK/t4.bin"
expect_rc 0
expect_same_file "$WORK/t4.jsonl" "$OUT" "--kind AUTO"
cp "$WORK/t4.bin" "$WORK/-t4.bin"
(cd "$WORK" && "$MIBTCP" dump --kind tcp4-module --format jsonl -- -t4.bin >"$OUT" 2>"$ERR")
rc=$?
last="mibtcp dump -- -t4.bin"
expect_rc 0
expect_same_file "$WORK/t4.jsonl" "$OUT" "dump -- -t4.bin"
(cd "$WORK" && "$MIBTCP" check --kind tcp4-module -- --help >"$OUT" 2>"$ERR")
rc=$?
last="mibtcp check -- --help"
expect_usage_error "^mibtcp check: --help: No such file or directory$"
run dump --kind tcp4-module -- "$WORK/t4.bin" "$WORK/t4.bin"
expect_usage_error "^mibtcp dump: more than one input given"

# Grammar: one byte is a byte.
printf '\001' >"$WORK/one.bin"
run check --kind tcp4-pid "$WORK/one.bin"
expect_out_matches "tcp4-pid \(lenient\), 1 byte: INVALID"
run dump --offset 2 "$WORK/one.bin"
expect_usage_error "is beyond the end of the input \(1 byte\)$"
finish
