#!/bin/bash
# Input: hex text in every style analysts paste (--hex), malformed hex located by
# line and column, --offset/--length slices, and stdin via '-'.
. "$(dirname "$0")/cli_lib.sh"
need_python

# Seed 2 has no '|' byte in it (see the dedicated case below for one that does).
gen_file raw.bin --kind tcp4-pid --rows 7 --seed 2
run dump --kind tcp4-pid --format jsonl "$WORK/raw.bin"
cp "$OUT" "$WORK/raw.jsonl"
run check --kind tcp4-pid --format json "$WORK/raw.bin"
sed 's/"input":"[^"]*"/"input":"X"/' "$OUT" >"$WORK/raw.check"
run detect --format json "$WORK/raw.bin"
cp "$OUT" "$WORK/raw.detect"

# same_as_raw FILE [OPTIONS]: dump, check and detect see exactly the raw table's bytes.
same_as_raw() {
    local file=$1
    shift
    run dump --kind tcp4-pid --format jsonl "$@" "$file"
    expect_rc 0
    expect_err_empty
    expect_same_file "$WORK/raw.jsonl" "$OUT" "dump $* $file"
    run check --kind tcp4-pid --format json "$@" "$file"
    expect_rc 0
    sed 's/"input":"[^"]*"/"input":"X"/' "$OUT" >"$WORK/check.out"
    expect_same_file "$WORK/raw.check" "$WORK/check.out" "check $* $file"
    run detect --format json "$@" "$file"
    expect_rc 0
    expect_same_file "$WORK/raw.detect" "$OUT" "detect $* $file"
}

# hex_detects_as RAW WHAT HEX...: detect reads from each HEX file (--hex) what it reads from RAW.
hex_detects_as() {
    local raw=$1 what=$2 hex
    shift 2
    run detect --format json "$raw"
    cp "$OUT" "$WORK/raw-of-hex.detect"
    for hex in "$@"; do
        run detect --format json --hex "$hex"
        expect_same_file "$WORK/raw-of-hex.detect" "$OUT" "$what ($hex)"
    done
}

# Every style, written by cli_tables.py from the raw bytes.
styles=$("$PYTHON" "$CLI_DIR/cli_tables.py" hexstyles "$WORK/raw.bin" "$WORK")
[ -n "$styles" ] || fail "cli_tables.py hexstyles wrote nothing"
for style in $styles; do
    same_as_raw "$WORK/$style.hex" --hex
done
# The real tools' output, where installed.
if command -v xxd >/dev/null 2>&1; then
    xxd "$WORK/raw.bin" >"$WORK/real-xxd.hex"
    same_as_raw "$WORK/real-xxd.hex" --hex
    xxd -p "$WORK/raw.bin" >"$WORK/real-xxd-p.hex"
    same_as_raw "$WORK/real-xxd-p.hex" --hex
else
    skip_note "xxd not installed: its real output is not tried (the emulated style is)"
fi
if command -v xxd >/dev/null 2>&1; then
    for flags in -e "-e -g8" "-e -g2" -g1; do
        xxd $flags "$WORK/raw.bin" >"$WORK/real-xxd$flags.hex"
        same_as_raw "$WORK/real-xxd$flags.hex" --hex
    done
fi
if command -v od >/dev/null 2>&1; then
    for flags in -tx1 -tx2 -tx4 -tx8 "-Ax -tx4" "-v -tx4"; do
        od $flags "$WORK/raw.bin" >"$WORK/real-od$flags.hex"
        same_as_raw "$WORK/real-od$flags.hex" --hex
    done
    # A length that is not a whole number of groups: od pads the last one with zeros.
    head -c 171 "$WORK/raw.bin" >"$WORK/odd.bin"
    od -tx4 "$WORK/odd.bin" >"$WORK/odd-od.hex"
    hex_detects_as "$WORK/odd.bin" "od -tx4 of 171 bytes" "$WORK/odd-od.hex"
else
    skip_note "od not installed: its real output is not tried (the emulated style is)"
fi
if command -v hexdump >/dev/null 2>&1; then
    hexdump "$WORK/raw.bin" >"$WORK/real-hexdump-words.hex"
    same_as_raw "$WORK/real-hexdump-words.hex" --hex
fi
if command -v hexdump >/dev/null 2>&1; then
    hexdump -Cv "$WORK/raw.bin" >"$WORK/real-hexdump.hex"
    same_as_raw "$WORK/real-hexdump.hex" --hex
else
    skip_note "hexdump not installed: its real output is not tried (the emulated style is)"
fi
# An ASCII column may show any printable byte, '|' included: it is not a hexdump -C bar there.
printf '\001\000\000\000\000\000\000\000|' >"$WORK/bar.bin"
printf '00000000: 0100 0000 0000 0000 7c                   ........|\n' >"$WORK/bar-xxd.hex"
printf '00000000`0012f000  01 00 00 00 00 00 00 00-7c                       ........|\n' >"$WORK/bar-windbg.hex"
hex_detects_as "$WORK/bar.bin" "line whose ASCII column holds '|'" "$WORK/bar-xxd.hex" "$WORK/bar-windbg.hex"

# A plain run of hex followed by blanks (a trailing comment, or blanks left by a copy) is
# bytes, not a hexdump -C offset: nothing may be dropped silently.
printf '\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' >"$WORK/blank.bin"
printf '0100000000000000  # dwNumEntries, padding\n0000000000000000\n' >"$WORK/blank-comment.hex"
printf '0100000000000000  \n0000000000000000\n' >"$WORK/blank-trailing.hex"
hex_detects_as "$WORK/blank.bin" "xxd -p line followed by two blanks" \
    "$WORK/blank-comment.hex" "$WORK/blank-trailing.hex"

# gen's own hex output, through a pipe.
"$MIBTCP" gen --kind tcp4-pid --rows 7 --seed 2 --format hex >"$WORK/gen.hex"
same_as_raw "$WORK/gen.hex" --hex
run_in "$WORK/gen.hex" dump --kind tcp4-pid --format jsonl --hex -
expect_rc 0
expect_same_file "$WORK/raw.jsonl" "$OUT" "gen --format hex | dump --hex -"
"$MIBTCP" gen --kind tcp4-pid --rows 7 --seed 2 --format hex | "$MIBTCP" dump --kind tcp4-pid --format jsonl --hex - >"$WORK/piped.jsonl"
expect_same_file "$WORK/raw.jsonl" "$WORK/piped.jsonl" "gen --format hex | dump --hex - (pipe)"
# Without --hex, hex text is just bytes: not this table.
run dump --kind tcp4-pid --format jsonl "$WORK/gen.hex"
expect_invalid_table "invalid tcp4-pid table"

# Malformed hex: exit 2, nothing on stdout, one line with the line and column.
bad_hex() { # bad_hex TEXT LINE COLUMN MESSAGE
    printf '%b' "$1" >"$WORK/bad.hex"
    for cmd in dump check detect; do
        run $cmd --hex "$WORK/bad.hex"
        expect_usage_error "^mibtcp $cmd: .*bad\.hex: line $2, column $3: $4$"
    done
}
bad_hex '03 00 zz 00\n' 1 7 "unexpected character in hex text"
bad_hex '03000000\n0300g0\n' 2 5 "unexpected character in hex text"
bad_hex '0300000\n' 1 1 "odd number of hex digits in a group"
bad_hex '# header\n\n  01 02 003\n' 3 9 "odd number of hex digits in a group"
bad_hex '0x01, 0x, 0x02\n' 1 9 "'0x' without hex digits"
bad_hex '01 02\t\t0x0q\n' 1 11 "unexpected character in hex text"
printf '# only a comment\n\n   \n' >"$WORK/nohex.hex"
run dump --hex "$WORK/nohex.hex"
expect_invalid_table "^mibtcp dump: .*nohex\.hex: invalid table: BUFFER_TOO_SHORT: .*\\(0 bytes\\)$"
run_in "$WORK/bad.hex" check --hex -
expect_usage_error "^mibtcp check: <stdin>: line 1, column 11: "
# od writes no signs: a '-' in its words is the wrong character, not an empty group.
bad_hex '0000000 0001 -0002\n' 1 14 "unexpected character in hex text"
bad_hex '0000000 0001-0002\n' 1 13 "unexpected character in hex text"
# Dumps that cannot be read without guessing are refused, never misread.
bad_hex '0012f000  00000001\n0012f008  00000005\n' 2 1 "address does not follow the previous line's \\(a line of data, or a gap in the dump\\?\\)"
bad_hex '0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000040\n' 2 1 "'\\*' stands for repeated lines the dump left out: dump again with -v"
bad_hex '00000000: 0100 0000  ....\n01 02\n' 2 1 "line is not in the style of the first line"

# --offset/--length: the table inside a larger file.
head -c 16 /dev/urandom >"$WORK/carved.bin"
cat "$WORK/raw.bin" >>"$WORK/carved.bin"
printf 'slack' >>"$WORK/carved.bin"
size=$(wc -c <"$WORK/raw.bin")
total=$((size + 21))
same_as_raw "$WORK/carved.bin" --offset 16 --length "$size"
same_as_raw "$WORK/carved.bin" --offset=0x10 --length="0x$(printf %x "$size")"
run dump --kind tcp4-pid --strict --offset 16 "$WORK/carved.bin"
expect_invalid_table "ERR_LENGTH_MISMATCH"
run dump --kind tcp4-pid --strict --offset 16 --length $size "$WORK/carved.bin"
expect_rc 0
run dump --kind tcp4-pid --format jsonl --offset 16 "$WORK/carved.bin"
expect_rc 0
expect_same_file "$WORK/raw.jsonl" "$OUT" "--offset alone: the rest of the file, slack allowed"
for cmd in dump check detect; do
    run $cmd --offset $((total + 1)) "$WORK/carved.bin"
    expect_usage_error "^mibtcp $cmd: .*carved\.bin: --offset $((total + 1)) is beyond the end of the input \($total bytes\)$"
    # An empty slice is an empty table: invalid (too short), like an empty file.
    run $cmd --offset $total "$WORK/carved.bin"
    expect_rc 1
    run $cmd --offset $((total - 3)) "$WORK/carved.bin"
    expect_rc 1
    run $cmd --offset 16 --length $((total - 15)) "$WORK/carved.bin"
    expect_usage_error "^mibtcp $cmd: .*carved\.bin: --length $((total - 15)) goes past the end of the input \($((total - 16)) bytes after offset 16\)$"
    run $cmd --length 0 "$WORK/carved.bin"
    expect_rc 1
    run $cmd --offset 18446744073709551615 "$WORK/carved.bin"
    expect_usage_error "is beyond the end of the input"
done
# With --hex the slice is of the decoded bytes.
"$PYTHON" -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.hex(" "))' "$WORK/carved.bin" >"$WORK/carved.hex"
same_as_raw "$WORK/carved.hex" --hex --offset 16 --length "$size"
run dump --hex --offset $((total + 1)) "$WORK/carved.hex"
expect_usage_error "--offset $((total + 1)) is beyond the end of the input \($total bytes\)"

# stdin.
for cmd in dump check detect; do
    args="--kind tcp4-pid"
    [ $cmd = detect ] && args="" # detect has no --kind
    run $cmd $args "$WORK/raw.bin"
    cp "$OUT" "$WORK/from-file"
    run_in "$WORK/raw.bin" $cmd $args -
    expect_rc 0
    sed "s#$WORK/raw.bin#<stdin>#" "$WORK/from-file" >"$WORK/expected"
    expect_same_file "$WORK/expected" "$OUT" "$cmd: stdin vs file"
done
run_in "$WORK/carved.bin" dump --kind tcp4-pid --format jsonl --offset 16 --length $size -
expect_same_file "$WORK/raw.jsonl" "$OUT" "stdin with a slice"
# A redirected stdin already part-way into the file starts there.
(head -c 16 >/dev/null; "$MIBTCP" dump --kind tcp4-pid --format jsonl --length $size -) <"$WORK/carved.bin" >"$OUT" 2>"$ERR"
last="dump --length $size - (stdin 16 bytes in)"
expect_same_file "$WORK/raw.jsonl" "$OUT" "stdin read from its current position"
# Through a pipe (not mappable): the slice is read, what precedes it skipped.
pipe_dump() {
    last="cat carved.bin | mibtcp $*"
    cat "$WORK/carved.bin" | "$MIBTCP" "$@" >"$OUT" 2>"$ERR"
    rc=$?
}
pipe_dump dump --kind tcp4-pid --format jsonl --offset 16 --length $size -
expect_rc 0
expect_same_file "$WORK/raw.jsonl" "$OUT" "pipe with a slice"
pipe_dump dump --kind tcp4-pid --format jsonl --offset 16 -
expect_rc 0
expect_same_file "$WORK/raw.jsonl" "$OUT" "pipe with an offset"
pipe_dump dump --offset $((total + 1)) -
expect_usage_error "^mibtcp dump: <stdin>: --offset $((total + 1)) is beyond the end of the input \($total bytes\)$"
pipe_dump dump --offset 16 --length $((total - 15)) -
expect_usage_error "^mibtcp dump: <stdin>: --length $((total - 15)) goes past the end of the input \($((total - 16)) bytes after offset 16\)$"
pipe_dump check --kind tcp4-pid --length 0 -
expect_rc 1
expect_out_matches "BUFFER_TOO_SHORT"
finish
