#!/bin/bash
# mibtcp check: every anomaly gen can inject makes check report its finding
# code (row, field, severity, count) under both policies with the right exit
# status; text and json agree finding by finding, and the summary counts by code.
. "$(dirname "$0")/cli_lib.sh"
need_python

# Outputs are kept in $WORK/cases and verified by one Python run at the end
# (verify_cases): a manifest line per expectation, tab-separated.
mkdir "$WORK/cases"
manifest=$WORK/cases/manifest
: >"$manifest"
cases=0

# check_both FILE KIND POLICY-FLAG: runs text and json, leaves $rc; verify_cases
# checks that they agree finding by finding and that the summaries count right.
check_both() {
    local file=$1 kind=$2 flag=$3 text_rc
    cases=$((cases + 1))
    run check --kind $kind $flag "$file"
    text_rc=$rc
    cp "$OUT" "$WORK/cases/$cases.txt"
    run check --kind $kind $flag --format json "$file"
    cp "$OUT" "$WORK/cases/$cases.json"
    checks=$((checks + 1))
    [ "$rc" -eq "$text_rc" ] || fail "check --format json exit $rc, text exit $text_rc"
    expect_err_empty
    checks=$((checks + 1))
    printf 'consistent\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cases" "$last" "$file" "$(wc -c <"$file" | tr -d ' ')" \
        "$kind" "${flag:-lenient}" "$rc" >>"$manifest"
}

# expect_finding CODE ROW FIELD COUNT SEVERITY: in the last check_both's json ('*' = any; ROW '-' = none).
expect_finding() {
    checks=$((checks + 1))
    printf 'finding\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cases" "$last" "$@" >>"$manifest"
}

verify_cases() {
    "$PYTHON" - "$WORK/cases" >"$WORK/py.out" 2>&1 <<'PY'
import collections, json, os, sys
base = sys.argv[1]
failed = 0

def consistent(case, table, size, kind, policy, rc):
    policy = policy.lstrip("-")
    doc = json.load(open(os.path.join(base, case + ".json")))
    text = open(os.path.join(base, case + ".txt")).read().splitlines()
    size = int(size)
    assert doc["kind"] == kind and doc["policy"] == policy and doc["bytes"] == size, doc
    assert doc["valid"] == (rc == "0"), (doc["valid"], rc)
    assert (doc["error"] is None) == doc["valid"] and (doc["status"] == "OK") == doc["valid"], doc
    findings = doc["findings"]
    severities = collections.Counter(f["severity"] for f in findings)
    codes = collections.Counter(f["code"] for f in findings)
    summary = doc["summary"]
    for s in ("error", "warning", "info"):
        assert summary[s] == severities[s], (s, summary, severities)
    assert {k: v for k, v in summary.items() if k not in ("error", "warning", "info")} == dict(codes), summary
    assert (severities["error"] > 0) == (rc == "1"), "errors reported iff invalid"
    # Text: a header, one line per finding in the same order, then the summary.
    if findings:
        assert text[0].split() == ["offset", "row", "field", "severity", "code", "message"], text[0]
        lines = text[1:-1]
    else:
        lines = text[:-1]
    assert len(lines) == len(findings), (len(lines), len(findings))
    for line, f in zip(lines, findings):
        offset, row, field, severity, code = line.split()[:5]
        assert int(offset, 16) == f["offset"] and row == ("-" if f["row"] is None else str(f["row"])), (line, f)
        assert (field, severity, code) == (f["field"], f["severity"], f["code"]), (line, f)
        # 64-bit values are JSON strings of digits; a creation time is signed in both forms
        assert isinstance(f["value"], str), f
        assert line.endswith("(value %s, 0x%x)" % (f["value"], int(f["value"]) % 2**64)), (line, f)
    state = "VALID, %d rows" % doc["rows"] if doc["valid"] else "INVALID: " + doc["error"]["status"]
    head = "%s: %s (%s), %d bytes: %s" % (table, kind, policy, size, state)
    assert text[-1].startswith(head), (text[-1], head)
    tail = "; %d findings (%d error, %d warning, %d info)" % (len(findings), severities["error"],
                                                             severities["warning"], severities["info"])
    assert tail in text[-1], (text[-1], tail)
    by_code = text[-1][text[-1].index(tail) + len(tail):].split()
    assert sorted(by_code) == sorted("%s=%d" % (c, n) for c, n in codes.items()), (by_code, codes)

def finding(case, code, row, field, count, severity):
    found = [f for f in json.load(open(os.path.join(base, case + ".json")))["findings"] if f["code"] == code]
    assert found, "no %s finding" % code
    if count != "*":
        assert len(found) == int(count), "%d %s findings, expected %s" % (len(found), code, count)
    rows = [f["row"] for f in found]
    assert row == "*" or (None if row == "-" else int(row)) in rows, (code, "rows", rows, "expected", row)
    first = found[0] if row in ("*", "-") else found[rows.index(int(row))]
    assert field == "*" or first["field"] == field, (code, first)
    assert severity == "*" or first["severity"] == severity, (code, first)

for line in open(os.path.join(base, "manifest")):
    what, case, command, *args = line.rstrip("\n").split("\t")
    try:
        {"consistent": consistent, "finding": finding}[what](case, *args)
    except AssertionError as e:
        failed += 1
        print("FAIL: %s %s: %s\n  command: %s" % (what, " ".join(args), e, command))
print(failed)
PY
    local failed
    failed=$(tail -n 1 "$WORK/py.out")
    case $failed in '' | *[!0-9]*) failed=1 ;; esac
    [ "$failed" -eq 0 ] || sed '$d' "$WORK/py.out" >&2
    failures=$((failures + failed))
    : >"$manifest"
}

# anomaly KIND "GEN-ARGS" CODE ROW FIELD COUNT LENIENT-SEVERITY LENIENT-RC STRICT-SEVERITY STRICT-RC
anomaly() {
    local kind=$1 args=$2 code=$3 row=$4 field=$5 count=$6
    gen_file a.bin --kind $kind --rows 4 --seed 3 $args
    check_both "$WORK/a.bin" $kind ""
    last="mibtcp check --kind $kind (gen --rows 4 --seed 3 $args)"
    expect_rc $8
    expect_finding $code $row $field $count $7
    check_both "$WORK/a.bin" $kind --strict
    last="mibtcp check --kind $kind --strict (gen --rows 4 --seed 3 $args)"
    expect_rc ${10}
    expect_finding $code $row $field $count $9
}

header_of() {
    "$MIBTCP" --help | sed -n "s/^  $1 *header \([48]\),.*/\1/p"
}

stride_of() {
    "$MIBTCP" --help | sed -n "s/^  $1 *header [48], *\([0-9]*\)-byte rows/\1/p"
}

for kind in $(all_kinds); do
    stride=$(stride_of $kind)
    ports=4
    case $kind in tcp*) ports=8 ;; esac
    # A clean table: valid under both policies, no findings.
    gen_file clean.bin --kind $kind --rows 4 --seed 3
    for flag in "" --strict; do
        check_both "$WORK/clean.bin" $kind "$flag"
        expect_rc 0
        expect_out_matches "^\{.*\"findings\":\[\],\"valid\":true,\"status\":\"OK\",\"rows\":4,"
    done
    anomaly $kind --port-high-bits PORT_HIGH_BITS 0 local_port $ports warning 0 error 1
    anomaly $kind "--trailing $((2 * stride))" TRAILING_WHOLE_ROWS - trailing 1 info 0 error 1
    anomaly $kind "--trailing 3" TRAILING_PARTIAL - trailing 1 '*' 0 error 1
    anomaly $kind "--truncate 1" TRUNCATED_ROW 3 '*' 1 error 1 error 1
    expect_finding COUNT_EXCEEDS_BUFFER - dwNumEntries 1 error
    anomaly $kind "--count 5" COUNT_EXCEEDS_BUFFER - dwNumEntries 1 error 1 error 1
    anomaly $kind "--count 2" TRAILING_WHOLE_ROWS - trailing 1 info 0 error 1
    anomaly $kind "--rows 0 --truncate $(($(header_of $kind) - 2))" BUFFER_TOO_SHORT - '*' 1 error 1 error 1
    case $kind in
        *-module)
            anomaly $kind --dirty-padding HEADER_PADDING_DIRTY - header_padding 1 info 0 info 0
            anomaly $kind "--zero-timestamp 0" TIMESTAMP_ZERO 0 created 1 info 0 info 0
            anomaly $kind "--bad-timestamp 3" TIMESTAMP_IMPLAUSIBLE 3 created 1 warning 0 warning 0
            anomaly $kind "--rows 0 --truncate 1" HEADER_INCOMPLETE - '*' 1 '*' 0 error 1
            ;;
        *)
            # No padding to dirty: the option changes nothing.
            gen_file a.bin --kind $kind --rows 4 --seed 3 --dirty-padding
            expect_same_file "$WORK/clean.bin" "$WORK/a.bin" "--dirty-padding on $kind"
            ;;
    esac
    case $kind in udp*-module)
        anomaly $kind --dirty-padding ROW_PADDING_DIRTY 0 row_padding 8 info 0 info 0
        anomaly $kind "--bad-flags 2" UDP_FLAGS_UNKNOWN_BITS 2 flags 1 '*' 0 error 1
    esac
    case $kind in tcp*)
        anomaly $kind "--bad-state 2" STATE_INVALID 2 state 1 error 1 error 1
        anomaly $kind "--reserved-state 1" STATE_RESERVED 1 state 1 '*' 0 '*' 0
        for row in 0 1 2 3; do
            anomaly $kind "--listen-remote $row" LISTEN_REMOTE_SET $row '*' 1 '*' 0 '*' 0
        done
    esac
    case $kind in *-row2)
        anomaly $kind "--bad-offload 1" OFFLOAD_STATE_INVALID 1 offload_state 1 error 1 error 1
    esac
    case $kind in *-basic) ;; *)
        anomaly $kind "--odd-pid 3" PID_NOT_MULTIPLE_OF_4 3 pid 1 warning 0 warning 0
    esac
done

# Several anomalies at once: counted by code in the summary line.
gen_file many.bin --kind tcp6-module --rows 6 --seed 12 --dirty-padding --port-high-bits --odd-pid 1 --odd-pid 4 \
    --zero-timestamp 2 --bad-timestamp 5 --reserved-state 3 --trailing 5
run check --kind tcp6-module "$WORK/many.bin"
expect_rc 0
expect_out_matches "VALID, 6 rows; 18 findings \(0 error, [0-9]+ warning, [0-9]+ info\)"
expect_out_matches " HEADER_PADDING_DIRTY=1 TRAILING_PARTIAL=1 STATE_RESERVED=1 PORT_HIGH_BITS=12 PID_NOT_MULTIPLE_OF_4=1 TIMESTAMP_ZERO=1 TIMESTAMP_IMPLAUSIBLE=1$"
check_both "$WORK/many.bin" tcp6-module --strict
expect_rc 1
expect_out_matches '"status":"ERR_LENGTH_MISMATCH"'

# Auto kind, stdin, and the exit statuses of detection.
gen_file t4.bin --kind tcp4-module --rows 3 --seed 7
run check "$WORK/t4.bin"
expect_rc 0
expect_err_lines 1
expect_err_matches "^mibtcp check: detected tcp4-module \(confidence [0-9]+%\); use --kind to override$"
run_in "$WORK/t4.bin" check --format json -
expect_rc 0
expect_out_matches '^\{"input":"<stdin>","kind":"tcp4-module","policy":"lenient","bytes":488,"findings":\[\],'
run_in "$WORK/t4.bin" check -
expect_out_lines 1
expect_out_matches "^<stdin>: tcp4-module \(lenient\), 488 bytes: VALID, 3 rows; 0 findings \(0 error, 0 warning, 0 info\)$"
gen_file one-row.bin --kind tcp4-pid --rows 1 --seed 1
run check "$WORK/one-row.bin"
expect_usage_error "^mibtcp check: .*one-row\.bin: cannot tell the table kind; candidates: .*tcp4-pid.*; give --kind$"
printf '\0\0\0\0\0\0\0\0' >"$WORK/zero8.bin"
run check "$WORK/zero8.bin"
expect_usage_error "^mibtcp check: .*zero8\.bin: an empty table \(dwNumEntries 0\): no row tells its kind; give --kind$"
run check --kind tcp6-module --strict "$WORK/zero8.bin"
expect_rc 0
printf '\377\377\377\377\0\0\0\0' >"$WORK/huge-count.bin"
run check "$WORK/huge-count.bin"
expect_invalid_table "^mibtcp check: .*huge-count\.bin: not a table \(8 bytes; "
# Damaged tables keep their kind under --kind auto: exit 1 at the damage (issue 9).
gen_file cut.bin --kind tcp4-module --rows 5 --seed 3 --truncate 1
run check "$WORK/cut.bin"
expect_rc 1
expect_err_matches "^mibtcp check: detected tcp4-module \(confidence [0-9]+%\); use --kind to override$"
expect_out_matches "^.*cut\.bin: tcp4-module \(lenient\), 807 bytes: INVALID: ERR_COUNT_EXCEEDS_BUFFER: "
# Text after a small count is not a table (it was udp4-basic, VALID, exit 0).
printf '\2\0\0\0Hello, world! This is a text file.\n' >"$WORK/hello.txt"
run check "$WORK/hello.txt"
expect_invalid_table "^mibtcp check: .*hello\.txt: not a table \(39 bytes; "
check_both "$WORK/huge-count.bin" tcp4-pid ""
expect_rc 1
expect_finding COUNT_EXCEEDS_BUFFER - dwNumEntries 1 error
expect_out_matches '"error":\{"status":"ERR_COUNT_EXCEEDS_BUFFER","message":"[^"]+","row":null,"field":"dwNumEntries","offset":0,"value":"4294967295"\}'
verify_cases
finish
