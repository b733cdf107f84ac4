#!/bin/bash
# mibtcp gen: sizes, defaults, determinism, -o, --format hex, and the layout
# effects of the structural anomalies (what check makes of them: cli_check.sh).
. "$(dirname "$0")/cli_lib.sh"
need_python

header_of() { "$MIBTCP" --help | sed -n "s/^  $1 *header \([48]\),.*/\1/p"; }
stride_of() { "$MIBTCP" --help | sed -n "s/^  $1 *header [48], *\([0-9]*\)-byte rows/\1/p"; }
size_of() { wc -c <"$1" | tr -d ' '; }
# u32_at FILE OFFSET: little-endian DWORD.
u32_at() { od -An -tu4 --endian=little -j "$2" -N4 "$1" | tr -d ' '; }

expect_equal() { # expect_equal GOT WANT WHAT
    checks=$((checks + 1))
    [ "$1" = "$2" ] || fail "$3: $1, expected $2"
}

for kind in $(all_kinds); do
    header=$(header_of $kind)
    stride=$(stride_of $kind)
    for rows in 0 1 7; do
        gen_file g.bin --kind $kind --rows $rows --seed 5
        expect_equal "$(size_of "$WORK/g.bin")" $((header + rows * stride)) "$kind --rows $rows size"
        expect_equal "$(u32_at "$WORK/g.bin" 0)" $rows "$kind --rows $rows dwNumEntries"
    done
    # Defaults: 4 rows, seed 1; --rows=N and --rows N are the same option.
    gen_file default.bin --kind $kind
    gen_file explicit.bin --kind=$kind --rows=4 --seed=1 --format=raw
    expect_same_file "$WORK/default.bin" "$WORK/explicit.bin" "$kind defaults"
    expect_equal "$(size_of "$WORK/default.bin")" $((header + 4 * stride)) "$kind default size"
    # Same seed, same bytes; another seed, other bytes; stdout and -o agree.
    gen_file again.bin --kind $kind --rows 4 --seed 1
    expect_same_file "$WORK/default.bin" "$WORK/again.bin" "$kind same seed"
    gen_file other.bin --kind $kind --rows 4 --seed 2
    checks=$((checks + 1))
    ! cmp -s "$WORK/default.bin" "$WORK/other.bin" || fail "$kind: seeds 1 and 2 give the same bytes"
    "$MIBTCP" gen --kind $kind >"$WORK/stdout.bin"
    expect_same_file "$WORK/default.bin" "$WORK/stdout.bin" "$kind stdout vs -o"
    # Hex: xxd -p style, 30 bytes a line, the same bytes.
    run gen --kind $kind --format hex
    expect_rc 0
    expect_err_empty
    py_check "$OUT" "$WORK/default.bin" <<'PY'
import sys
text = open(sys.argv[1]).read()
lines = text.splitlines()
assert text.endswith("\n") and all(len(l) == 60 for l in lines[:-1]) and 0 < len(lines[-1]) <= 60, lines
assert all(c in "0123456789abcdef" for l in lines for c in l), "not lowercase hex"
assert bytes.fromhex("".join(lines)) == open(sys.argv[2], "rb").read(), "hex differs from raw"
PY
    # Structural anomalies change the bytes exactly as documented.
    gen_file trailing.bin --kind $kind --trailing 11
    expect_equal "$(size_of "$WORK/trailing.bin")" $((header + 4 * stride + 11)) "$kind --trailing 11 size"
    checks=$((checks + 1))
    cmp -s -n $((header + 4 * stride)) "$WORK/default.bin" "$WORK/trailing.bin" || fail "$kind --trailing changed the rows"
    gen_file truncated.bin --kind $kind --truncate 5
    expect_equal "$(size_of "$WORK/truncated.bin")" $((header + 4 * stride - 5)) "$kind --truncate 5 size"
    checks=$((checks + 1))
    cmp -s -n $((header + 4 * stride - 5)) "$WORK/default.bin" "$WORK/truncated.bin" || fail "$kind --truncate changed the kept bytes"
    gen_file all-cut.bin --kind $kind --truncate $((header + 4 * stride))
    expect_equal "$(size_of "$WORK/all-cut.bin")" 0 "$kind --truncate of every byte"
    gen_file count.bin --kind $kind --count 4294967295
    expect_equal "$(u32_at "$WORK/count.bin" 0)" 4294967295 "$kind --count"
    expect_equal "$(size_of "$WORK/count.bin")" $((header + 4 * stride)) "$kind --count keeps the rows"
    if [ "$header" = 8 ]; then
        gen_file dirty.bin --kind $kind --dirty-padding
        expect_equal "$(u32_at "$WORK/dirty.bin" 4)" $((0xcccccccc)) "$kind --dirty-padding header"
    fi
done
run gen --kind tcp4-pid --rows 3 --seed 18446744073709551615 -o "$WORK/maxseed.bin"
expect_rc 0
expect_out_empty
expect_err_empty
run gen --kind tcp4-pid --rows 0x10 --seed 0x2a -o "$WORK/hexnum.bin"
gen_file decimal.bin --kind tcp4-pid --rows 16 --seed 42
expect_same_file "$WORK/decimal.bin" "$WORK/hexnum.bin" "0x numbers"

# Port upper bits: 0xcccc above every port, the port itself unchanged.
gen_file plain.bin --kind tcp4-pid --rows 2 --seed 6
gen_file high.bin --kind tcp4-pid --rows 2 --seed 6 --port-high-bits
for offset in 12 20 36 44; do # local and remote port of rows 0 and 1: 4 + 24*row + 8|16
    plain=$(u32_at "$WORK/plain.bin" $offset)
    expect_equal "$(u32_at "$WORK/high.bin" $offset)" $((plain | 0xcccc0000)) "port DWORD at $offset"
done

# Raw bytes are refused on a terminal (script(1) provides one); hex and -o are fine there.
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    on_terminal() { # the command's terminal output in $OUT (stdout and stderr), status in $rc
        last="mibtcp $* (on a terminal)"
        script -qec "$(printf '%q ' "$MIBTCP" "$@")" /dev/null </dev/null >"$OUT" 2>&1
        rc=$?
    }
    on_terminal gen --kind tcp4-pid
    expect_rc 2
    expect_out_lines 1
    expect_out_matches "^mibtcp gen: not writing binary to a terminal; use -o FILE, a pipe, or --format hex"
    on_terminal gen --kind tcp4-pid --format hex
    expect_rc 0
    expect_out_matches "^[0-9a-f]{60}"
    on_terminal gen --kind tcp4-pid -o "$WORK/tty.bin"
    expect_rc 0
    gen_file pid.bin --kind tcp4-pid
    expect_same_file "$WORK/pid.bin" "$WORK/tty.bin" "gen -o on a terminal"
else
    skip_note "script(1) cannot open a terminal here: the refusal to write binary to one is not checked"
fi

# A row anomaly changes its own row and no other (the generator's draws stay in step),
# even when it takes the value the random draw would have given (--bad-flags 0 used to
# shift every later row).
one_row_files=()
for kind in $(all_kinds); do
    gen_file "plain-$kind.bin" --kind $kind --rows 4 --seed 11
    for option in --bad-state --reserved-state --listen-remote --odd-pid --zero-timestamp --bad-timestamp \
        --bad-offload --bad-flags; do
        if "$MIBTCP" gen --kind $kind --rows 4 --seed 11 $option 1 -o "$WORK/$kind$option.bin" 2>/dev/null; then
            one_row_files+=("$WORK/plain-$kind.bin" "$WORK/$kind$option.bin")
        fi
    done
done
last="gen --rows 4 --seed 11 ANOMALY 1, every kind"
py_check "${one_row_files[@]}" <<'PY'
import struct, sys
files = sys.argv[1:]
for plain_name, one_name in zip(files[::2], files[1::2]):
    plain, one = open(plain_name, "rb").read(), open(one_name, "rb").read()
    header = 8 if "-module" in plain_name else 4
    stride = (len(plain) - header) // 4
    assert len(one) == len(plain), one_name
    for row in (0, 2, 3):
        a, b = header + row * stride, header + (row + 1) * stride
        assert plain[a:b] == one[a:b], "%s: row %d changed" % (one_name, row)
    assert plain[header + stride:header + 2 * stride] != one[header + stride:header + 2 * stride], one_name
PY
# An anomaly the table cannot hold is a usage error, never a fixture silently without it.
run gen --kind tcp4-module --bad-flags 1 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: tcp4-module rows have no flags field: --bad-flags"
run gen --kind udp6-pid --bad-state 0 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: udp6-pid rows have no state field: --bad-state"
run gen --kind tcp4-basic --odd-pid 0 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: tcp4-basic rows have no pid field: --odd-pid"
run gen --kind tcp4-pid --zero-timestamp 0 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: tcp4-pid rows have no created field: --zero-timestamp"
run gen --kind tcp4-module --bad-offload 0 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: tcp4-module rows have no offload_state field: --bad-offload"
run gen --kind tcp4-module --rows 3 --bad-state 99 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: row 99 is past the last row \(the table has 3\): --bad-state"
run gen --kind tcp4-module --rows 3 --truncate 1000 -o "$WORK/x.bin"
expect_usage_error "^mibtcp gen: cuts more than the table's 488 bytes: --truncate"
run gen --kind tcp4-module --rows 3 --truncate 488 --format hex
expect_rc 0

# The pipe the README and the fuzz corpus use: gen | dump.
"$MIBTCP" gen --kind udp6-module --rows 3 --seed 9 | "$MIBTCP" dump --kind udp6-module --format jsonl - >"$WORK/piped"
expect_equal "$(wc -l <"$WORK/piped" | tr -d ' ')" 3 "gen | dump rows"
finish
