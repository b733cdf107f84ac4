#!/bin/bash
# mibtcp dump: every format of every kind against an independent decoder, the
# filters, --module-info, --strict, --kind auto and stdin.
. "$(dirname "$0")/cli_lib.sh"
need_python

# dump_all KIND FILE [DUMP-OPTIONS]: $WORK/d.jsonl, .csv, .json, .table
dump_all() {
    local kind=$1 file=$2 format
    shift 2
    for format in jsonl csv json table; do
        run dump --kind "$kind" --format $format "$@" "$file"
        expect_rc 0
        expect_err_empty
        cp "$OUT" "$WORK/d.$format"
    done
}

# Field by field: every format against cli_tables.py's own decoding of the same bytes.
anomalies="--port-high-bits --dirty-padding --zero-timestamp 1 --bad-timestamp 2 --odd-pid 3 --reserved-state 4 --trailing 13"
for kind in $(all_kinds); do
    for extra in "" "$(fitting_anomalies $kind 5 $anomalies)"; do
        gen_file t.bin --kind $kind --rows 5 --seed 42 $extra
        dump_all $kind "$WORK/t.bin"
        last="mibtcp dump --kind $kind --format jsonl|csv|json (gen --rows 5 --seed 42 $extra)"
        expect_tables formats $kind "$WORK/t.bin" "$WORK/d.jsonl" "$WORK/d.csv" "$WORK/d.json"
        last="mibtcp dump --kind $kind --format table (gen --rows 5 --seed 42 $extra)"
        expect_tables table $kind "$WORK/t.bin" "$WORK/d.table"
        run dump --kind $kind --module-info "$WORK/t.bin"
        cp "$OUT" "$WORK/d.module"
        expect_tables table $kind "$WORK/t.bin" "$WORK/d.module" --module-info
    done
done

# Through a pipe, as users run it: gen | dump --format csv against gen | dump --format jsonl.
for kind in tcp6-module udp4-module tcp4-row2; do
    "$MIBTCP" gen --kind $kind --rows 6 --seed 21 | "$MIBTCP" dump --kind $kind --format csv - >"$WORK/p.csv"
    "$MIBTCP" gen --kind $kind --rows 6 --seed 21 | "$MIBTCP" dump --kind $kind --format jsonl - >"$WORK/p.jsonl"
    "$MIBTCP" gen --kind $kind --rows 6 --seed 21 | "$MIBTCP" dump --kind $kind --format json - >"$WORK/p.json"
    "$MIBTCP" gen --kind $kind --rows 6 --seed 21 -o "$WORK/p.bin"
    last="mibtcp gen --kind $kind --rows 6 --seed 21 | mibtcp dump --format csv|jsonl|json -"
    expect_tables formats $kind "$WORK/p.bin" "$WORK/p.jsonl" "$WORK/p.csv" "$WORK/p.json"
done

# The default format is the table, and the same as --format table.
gen_file t4.bin --kind tcp4-module --rows 12 --seed 11
run dump --kind tcp4-module "$WORK/t4.bin"
expect_rc 0
cp "$OUT" "$WORK/default.out"
run dump --kind tcp4-module --format table "$WORK/t4.bin"
expect_same_file "$WORK/default.out" "$OUT" "default format vs --format table"
expect_out_matches "^Proto  Local Address +Remote Address +State +PID  Created \(UTC\)"
expect_out_lacks "Module Info"
run dump --kind tcp4-module --format=jsonl "$WORK/t4.bin"
expect_out_lines 12

# JSONL keys of the seed kinds, exactly as the core issue lists them.
run dump --kind tcp4-module --format jsonl "$WORK/t4.bin"
py_check "$OUT" <<'PY'
import json, sys
want = {"row", "kind", "state", "state_code", "local_addr", "local_port", "remote_addr", "remote_port", "pid",
        "owner", "created_filetime", "created", "service_tag", "module_info"}
for line in open(sys.argv[1]):
    assert set(json.loads(line)) == want, sorted(json.loads(line))
PY
gen_file t6.bin --kind tcp6-module --rows 30 --seed 5
run dump --kind tcp6-module --format jsonl "$WORK/t6.bin"
cp "$OUT" "$WORK/t6.jsonl"
py_check "$OUT" <<'PY'
import json, sys
want = {"row", "kind", "state", "state_code", "local_addr", "local_port", "remote_addr", "remote_port", "pid",
        "owner", "created_filetime", "created", "service_tag", "module_info", "local_scope_id", "remote_scope_id"}
for line in open(sys.argv[1]):
    assert set(json.loads(line)) == want, sorted(json.loads(line))
PY
# Other kinds: absent fields omitted, offload_state only for row2, flags only for UDP module.
for kind in $(all_kinds); do
    gen_file k.bin --kind $kind --rows 2 --seed 3
    run dump --kind $kind --format jsonl "$WORK/k.bin"
    py_check "$OUT" "$kind" <<'PY'
import json, sys
kind = sys.argv[2]
for line in open(sys.argv[1]):
    keys = set(json.loads(line))
    assert ("offload_state" in keys) == kind.endswith("-row2"), (kind, keys)
    assert ("flags" in keys) == (kind.startswith("udp") and kind.endswith("-module")), (kind, keys)
    assert ("module_info" in keys) == ("created" in keys) == kind.endswith("-module"), (kind, keys)
    assert ("remote_addr" in keys) == ("state" in keys) == kind.startswith("tcp"), (kind, keys)
    assert ("local_scope_id" in keys) == (kind[3] == "6"), (kind, keys)
    assert ("pid" in keys) == ("owner" in keys) == (not kind.endswith("-basic")), (kind, keys)
PY
done

# The owner class of Windows' fixed PIDs, in a hand-made tcp4-pid table: PID 0 is the Idle process,
# 4 the System process, anything else a process.
python3 - "$WORK/owners.bin" <<'PY'
import struct, sys
pids = [0, 4, 8, 1234]
rows = b"".join(struct.pack("<IIIIII", 2, 0, 0x5000, 0, 0, pid) for pid in pids)  # LISTEN 0.0.0.0:80
open(sys.argv[1], "wb").write(struct.pack("<I", len(pids)) + rows)
PY
run dump --kind tcp4-pid --format jsonl "$WORK/owners.bin"
py_check "$OUT" <<'PY'
import json, sys
got = [(row["pid"], row["owner"]) for row in map(json.loads, open(sys.argv[1]))]
assert got == [(0, "idle"), (4, "system"), (8, "process"), (1234, "process")], got
PY
run dump --kind tcp4-pid --format csv "$WORK/owners.bin"
py_check "$OUT" <<'PY'
import csv, sys
got = [(row["pid"], row["owner"]) for row in csv.DictReader(open(sys.argv[1], newline=""))]
assert got == [("0", "idle"), ("4", "system"), ("8", "process"), ("1234", "process")], got
PY

# The json document: a header object (kind, count, policy, findings) and the same rows as jsonl.
gen_file dirty.bin --kind tcp4-module --rows 3 --seed 2 --dirty-padding --odd-pid 1 --trailing 160
run dump --kind tcp4-module --format json "$WORK/dirty.bin"
expect_rc 0
py_check "$OUT" "$WORK/dirty.bin" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
assert doc["kind"] == "tcp4-module" and doc["policy"] == "lenient" and doc["count"] == 3, doc
assert doc["bytes"] == os.path.getsize(sys.argv[2]) and doc["trailing"] == 160, doc
codes = [f["code"] for f in doc["findings"]]
assert codes == ["HEADER_PADDING_DIRTY", "PID_NOT_MULTIPLE_OF_4", "TRAILING_WHOLE_ROWS"], codes
pid = doc["findings"][1]
assert pid["row"] == 1 and pid["field"] == "pid" and pid["offset"] == 8 + 160 + 20 and pid["severity"] == "warning", pid
assert doc["findings"][0]["row"] is None and doc["findings"][0]["offset"] == 4
assert [r["row"] for r in doc["rows"]] == [0, 1, 2]
PY
run dump --kind tcp4-module --format json --strict "$WORK/t4.bin"
py_check "$OUT" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["policy"] == "strict" and doc["findings"] == [] and doc["trailing"] == 0 and len(doc["rows"]) == 12, doc
PY

# Filters, in every format; the expected rows come from cli_tables.py.
filter_case() {
    local kind=$1 file=$2 format
    shift 2
    local -a options=() terms=()
    while [ $# -gt 0 ]; do
        options+=("--$1" "$2")
        terms+=("$1=$2")
        shift 2
    done
    run dump --kind $kind --format jsonl "${options[@]}" "$file"
    expect_rc 0
    expect_err_empty
    cp "$OUT" "$WORK/f.jsonl"
    expect_tables filter $kind "$file" "$WORK/f.jsonl" "${terms[@]}"
    kept=$(cat "$WORK/py.out")
    case $kept in '' | *[!0-9]*) kept=-1 ;; esac
    for format in csv json table; do
        run dump --kind $kind --format $format "${options[@]}" "$file"
        expect_rc 0
        case $format in
            csv | table) expect_out_lines $((kept + 1)) ;;
            json) py_check "$OUT" "$WORK/f.jsonl" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["rows"] == [json.loads(l) for l in open(sys.argv[2])], "json rows differ from jsonl rows"
assert doc["count"] >= len(doc["rows"])
PY
            ;;
        esac
    done
}
# Pick filter values from the table itself so each filter keeps some rows and drops others.
value_of() { # value_of JSONL N KEY
    "$PYTHON" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[int(sys.argv[2])])[sys.argv[3]])' "$@"
}
run dump --kind tcp4-module --format jsonl "$WORK/t4.bin"
cp "$OUT" "$WORK/t4.jsonl"
filter_case tcp4-module "$WORK/t4.bin" state LISTEN
filter_case tcp4-module "$WORK/t4.bin" state established
filter_case tcp4-module "$WORK/t4.bin" state LISTEN,ESTABLISHED,time-wait
filter_case tcp4-module "$WORK/t4.bin" pid "$(value_of "$WORK/t4.jsonl" 3 pid)"
filter_case tcp4-module "$WORK/t4.bin" port 443
filter_case tcp4-module "$WORK/t4.bin" port "$(value_of "$WORK/t4.jsonl" 0 local_port)"
filter_case tcp4-module "$WORK/t4.bin" addr 127.0.0.1
filter_case tcp4-module "$WORK/t4.bin" addr "$(value_of "$WORK/t4.jsonl" 1 remote_addr)"
filter_case tcp4-module "$WORK/t4.bin" state ESTABLISHED port 443
filter_case tcp4-module "$WORK/t4.bin" state CLOSED
filter_case tcp4-module "$WORK/t4.bin" pid 3
gen_file u4.bin --kind udp4-module --rows 3 --seed 8
# A state filter on rows without states would silently print nothing: a usage error.
run dump --kind udp4-module --state LISTEN "$WORK/u4.bin"
expect_usage_error "^mibtcp dump: --state: udp4-module rows have no TCP state"
filter_case udp4-module "$WORK/u4.bin" port 445
# Scoped IPv6: the address alone matches any scope; addr%scope only that interface.
scoped=$("$PYTHON" -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["local_scope_id"]:
        print(r["local_addr"], r["local_scope_id"]); break' "$WORK/t6.jsonl")
[ -n "$scoped" ] || fail "tcp6-module seed 5 has no link-local row with a scope id"
set -- $scoped
filter_case tcp6-module "$WORK/t6.bin" addr "$1"
filter_case tcp6-module "$WORK/t6.bin" addr "$1%$2"
filter_case tcp6-module "$WORK/t6.bin" addr "$1%$(($2 + 1))"
run dump --kind tcp6-module --format jsonl --addr "$1%$2" "$WORK/t6.bin"
expect_out_lines 1
run dump --kind tcp6-module --format jsonl --addr "$1%$(($2 + 1))" "$WORK/t6.bin"
expect_out_empty
run dump --kind tcp6-module --addr "$1%$2" "$WORK/t6.bin"
expect_out_matches "\[$1%$2\]:[0-9]+ "
filter_case tcp6-module "$WORK/t6.bin" addr ::1
# Any spelling of an address matches its bytes, not its text.
run dump --kind tcp6-module --format jsonl --addr ::1 "$WORK/t6.bin"
cp "$OUT" "$WORK/loopback.jsonl"
[ -s "$WORK/loopback.jsonl" ] || fail "tcp6-module seed 5 has no ::1 row"
for spelling in 0:0:0:0:0:0:0:1 0000:0000:0000:0000:0000:0000:0000:0001 "[::1]" ::0:1; do
    run dump --kind tcp6-module --format jsonl --addr "$spelling" "$WORK/t6.bin"
    expect_rc 0
    expect_same_file "$WORK/loopback.jsonl" "$OUT" "--addr $spelling"
done
# ::1 rows carry scope 0: %0 selects them, %1 none.
run dump --kind tcp6-module --format jsonl --addr ::1%0 "$WORK/t6.bin"
expect_same_file "$WORK/loopback.jsonl" "$OUT" "--addr ::1%0"
run dump --kind tcp6-module --format jsonl --addr ::1%1 "$WORK/t6.bin"
expect_out_empty
doc=$(value_of "$WORK/t6.jsonl" 0 remote_addr)
upper=$(printf '%s' "$doc" | tr a-f A-F)
run dump --kind tcp6-module --format jsonl --addr "$doc" "$WORK/t6.bin"
cp "$OUT" "$WORK/doc.jsonl"
run dump --kind tcp6-module --format jsonl --addr "$upper" "$WORK/t6.bin"
expect_rc 0
expect_same_file "$WORK/doc.jsonl" "$OUT" "--addr in upper case ($upper)"
[ -s "$WORK/doc.jsonl" ] || fail "--addr $doc matched nothing"
for bad in 1.2.3 ::1::2 1.2.3.256 fe80::1%x 10.0.0.1%3 "[::1" host.example; do
    run dump --kind tcp6-module --addr "$bad" "$WORK/t6.bin"
    expect_usage_error "^mibtcp dump: --addr needs an IPv4 or IPv6 address: "
done
filter_case tcp6-module "$WORK/t6.bin" port 443 state ESTABLISHED

# --strict: port upper bits are masked under lenient, an error under strict.
gen_file high.bin --kind tcp4-module --rows 3 --seed 4 --port-high-bits
run dump --kind tcp4-module "$WORK/high.bin"
expect_rc 0
expect_out_lines 4
run dump --kind tcp4-module --strict "$WORK/high.bin"
expect_invalid_table "^mibtcp dump: .*high\.bin: invalid tcp4-module table \(strict\): ERR_PORT_HIGH_BITS: .* at row 0, field local_port, offset 16 \(0x10\)"
gen_file slack.bin --kind tcp6-pid --rows 2 --trailing 3
run dump --kind tcp6-pid --strict "$WORK/slack.bin"
expect_invalid_table "ERR_LENGTH_MISMATCH: .* field trailing, offset 116 \(0x74\), value 3 "
gen_file badstate.bin --kind tcp4-module --rows 3 --bad-state 1
for policy in "" --strict; do
    run dump --kind tcp4-module $policy "$WORK/badstate.bin"
    expect_invalid_table "ERR_BAD_STATE: .* at row 1, field state, offset 168 \(0xa8\), value 13 "
done

# --kind auto (the default) names what it picked on stderr; an explicit kind says nothing.
for auto in "" "--kind auto" "--kind=auto"; do
    run dump $auto --format jsonl "$WORK/t4.bin"
    expect_rc 0
    expect_err_lines 1
    expect_err_matches "^mibtcp dump: detected tcp4-module \(confidence [0-9]+%\); use --kind to override$"
    expect_out_lines 12
done
# An invalid table under --kind auto is one line: the detection and the located error together.
run dump "$WORK/badstate.bin"
expect_invalid_table "^mibtcp dump: .*badstate\.bin: invalid tcp4-module table \(lenient; detected with confidence [0-9]+%\): ERR_BAD_STATE: .* at row 1, field state, offset 168 \(0xa8\), value 13 "
run dump --kind TCP4-MODULE --format jsonl "$WORK/t4.bin"
expect_rc 0
expect_err_empty
# Ambiguous: one tcp4-pid row is also a tcp4-row2 row cut by 4 bytes, and
# begins with a whole tcp4-basic row.
gen_file one-row.bin --kind tcp4-pid --rows 1 --seed 1
run dump "$WORK/one-row.bin"
expect_usage_error "^mibtcp dump: .*one-row\.bin: cannot tell the table kind; candidates: .*; give --kind$"
for kind in tcp4-pid tcp4-row2; do
    expect_err_matches "[ ,]$kind \([0-9]+%\)"
done
# An empty table: 0 rows tell no kind (an empty module table is 8 zero bytes, and so is zeroed memory).
printf '\0\0\0\0\0\0\0\0' >"$WORK/zero8.bin"
run dump "$WORK/zero8.bin"
expect_usage_error "^mibtcp dump: .*zero8\.bin: an empty table \(dwNumEntries 0\): no row tells its kind; give --kind$"
run dump --kind udp6-module "$WORK/zero8.bin"
expect_rc 0
expect_out_lines 1
printf '\377\377\377\377\0\0\0\0' >"$WORK/huge-count.bin"
run dump "$WORK/huge-count.bin"
expect_invalid_table "^mibtcp dump: .*huge-count\.bin: not a table \(8 bytes; "

# stdin: same output as the file.
run dump --kind tcp6-module --format csv "$WORK/t6.bin"
cp "$OUT" "$WORK/file.csv"
run_in "$WORK/t6.bin" dump --kind tcp6-module --format csv -
expect_rc 0
expect_same_file "$WORK/file.csv" "$OUT" "stdin vs file"
run_in "$WORK/t6.bin" dump --format csv -
expect_err_matches "detected tcp6-module"
expect_same_file "$WORK/file.csv" "$OUT" "stdin with auto kind vs file"
finish
