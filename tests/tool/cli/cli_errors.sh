#!/bin/bash
# Usage and I/O errors: exactly one line on stderr naming the problem, exit 2,
# nothing on stdout. Invalid tables: exit 1, one located error, nothing on stdout.
. "$(dirname "$0")/cli_lib.sh"

gen_file good.bin --kind tcp4-module --rows 2 --seed 3
good=$WORK/good.bin
: >"$WORK/empty.bin"
mkdir "$WORK/adir"
printf '\003\000\000\000' >"$WORK/short.bin"

for cmd in dump check detect; do
    run $cmd "$WORK/missing.bin"
    expect_usage_error "^mibtcp $cmd: .*missing\.bin: No such file or directory$"

    # Empty input is an invalid table (len < 4), not an I/O error.
    if [ $cmd = detect ]; then
        run $cmd "$WORK/empty.bin"
        expect_rc 1
        expect_out_matches "empty\.bin: 0 bytes: not a table \(BUFFER_TOO_SHORT: "
    else
        run $cmd "$WORK/empty.bin"
        expect_invalid_table "^mibtcp $cmd: .*empty\.bin: invalid table: BUFFER_TOO_SHORT: .*\\(0 bytes\\)$"
        run_in /dev/null $cmd -
        expect_invalid_table "^mibtcp $cmd: <stdin>: invalid table: BUFFER_TOO_SHORT: .*\\(0 bytes\\)$"
        run_in /dev/null $cmd --kind tcp4-module -
        expect_rc 1
        [ $cmd = check ] && expect_out_matches "BUFFER_TOO_SHORT"
        run_in "$WORK/short.bin" $cmd --length 1 -
        expect_invalid_table "^mibtcp $cmd: <stdin>: invalid table: BUFFER_TOO_SHORT: .*\\(1 bytes?\\)$"
    fi

    run $cmd "$WORK/adir"
    expect_usage_error "^mibtcp $cmd: .*adir: is a directory"

    cp "$good" "$WORK/locked.bin"
    chmod 000 "$WORK/locked.bin"
    if [ -r "$WORK/locked.bin" ]; then
        skip_note "$cmd: running as root, a mode-000 file is still readable"
    else
        run $cmd "$WORK/locked.bin"
        expect_usage_error "^mibtcp $cmd: .*locked\.bin: Permission denied$"
    fi
    rm -f "$WORK/locked.bin"

    run $cmd --bogus "$good"
    expect_usage_error "^mibtcp $cmd: unknown option: --bogus"
    run $cmd -x "$good"
    expect_usage_error "^mibtcp $cmd: unknown option: -x"

    run $cmd
    expect_usage_error "^mibtcp $cmd: no input given"

    run $cmd "$good" "$good"
    expect_usage_error "^mibtcp $cmd: more than one input given"

    run $cmd --offset abc "$good"
    expect_usage_error "^mibtcp $cmd: --offset needs a number from 0 to 2\\^64-1 \\(decimal or 0x hex\\): abc "
    run $cmd --offset -1 "$good"
    expect_usage_error "^mibtcp $cmd: --offset needs a number from 0 to 2\\^64-1 \\(decimal or 0x hex\\): -1 "
    run $cmd --length 0x "$good"
    expect_usage_error "^mibtcp $cmd: --length needs a number from 0 to 2\\^64-1 \\(decimal or 0x hex\\): 0x "
    run $cmd --length 18446744073709551616 "$good"
    expect_usage_error "^mibtcp $cmd: --length needs a number from 0 to 2\\^64-1 \\(decimal or 0x hex\\): 18446744073709551616 "

    for option in --format --offset --length; do
        run $cmd "$good" $option
        expect_usage_error "^mibtcp $cmd: option needs a value: $option"
    done
done

# Options only some subcommands take.
for cmd in dump check; do
    run $cmd "$good" --kind
    expect_usage_error "^mibtcp $cmd: option needs a value: --kind"
    run $cmd --kind tcp9-module "$good"
    expect_usage_error "^mibtcp $cmd: --kind needs a table kind or auto: tcp9-module "
done
for option in --state --pid --port --addr; do
    run dump "$good" $option
    expect_usage_error "^mibtcp dump: option needs a value: $option"
    run check $option 1 "$good"
    expect_usage_error "^mibtcp check: unknown option: $option"
done
for option in --kind --strict --module-info; do
    run detect $option "$good"
    expect_usage_error "^mibtcp detect: unknown option: $option"
done
run check --module-info "$good"
expect_usage_error "^mibtcp check: unknown option: --module-info"

run dump --format text "$good"
expect_usage_error "^mibtcp dump: --format needs table, jsonl, json, csv, timesketch or bodyfile: text "
run check --format csv "$good"
expect_usage_error "^mibtcp check: --format needs text or json: csv "
run detect --format table "$good"
expect_usage_error "^mibtcp detect: --format needs text or json: table "

run dump --pid 4294967296 "$good"
expect_usage_error "^mibtcp dump: --pid needs a number from 0 to 4294967295 \\(decimal or 0x hex\\): 4294967296 "
run dump --pid 12ab "$good"
expect_usage_error "^mibtcp dump: --pid needs a number from 0 to 4294967295 \\(decimal or 0x hex\\): 12ab "
run dump --port 65536 "$good"
expect_usage_error "^mibtcp dump: --port needs a number from 0 to 65535 \\(decimal or 0x hex\\): 65536 "
run dump --state BOGUS "$good"
expect_usage_error "^mibtcp dump: --state has no TCP state named 'BOGUS': BOGUS "
run dump --state LISTEN,NOPE "$good"
expect_usage_error "^mibtcp dump: --state has no TCP state named 'NOPE': LISTEN,NOPE "
run dump --state= "$good"
expect_usage_error "^mibtcp dump: --state needs a state name"
run dump --state LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN,LISTEN "$good"
expect_usage_error "^mibtcp dump: --state takes at most 16 states: LISTEN,"

# Unknown subcommands and a bare invocation.
run frobnicate "$good"
expect_usage_error "^mibtcp: unknown command 'frobnicate'"
run --bogus
expect_usage_error "^mibtcp: unknown command '--bogus'"
run
expect_rc 2
expect_out_empty
expect_err_matches "^usage: mibtcp COMMAND"

# gen's own options.
run gen --rows 3
expect_usage_error "^mibtcp gen: --kind is required"
run gen --kind tcp9-pid
expect_usage_error "^mibtcp gen: --kind needs a table kind: tcp9-pid "
run gen --kind tcp4-pid --bogus
expect_usage_error "^mibtcp gen: unknown option: --bogus "
run gen --kind tcp4-pid stray.bin
expect_usage_error "^mibtcp gen: unexpected argument: stray.bin "
run gen --kind tcp4-pid --format csv
expect_usage_error "^mibtcp gen: --format needs raw or hex: csv "
run gen --kind tcp4-pid --rows 4294967296
expect_usage_error "^mibtcp gen: --rows needs a number from 0 to 4294967295 \\(decimal or 0x hex\\): 4294967296 "
run gen --kind tcp4-pid --seed 18446744073709551616
expect_usage_error "^mibtcp gen: --seed needs a number from 0 to 2\\^64-1 \\(decimal or 0x hex\\): 18446744073709551616 "
run gen --kind tcp4-pid --bad-state x
expect_usage_error "^mibtcp gen: --bad-state needs a number from 0 to 4294967294 \\(decimal or 0x hex\\): x "
for option in --kind --rows --seed --format -o --bad-state --reserved-state --listen-remote --odd-pid \
    --zero-timestamp --bad-timestamp --bad-offload --bad-flags --trailing --truncate --count; do
    run gen --kind tcp4-pid $option
    expect_usage_error "^mibtcp gen: option needs a value: $option"
done
run gen --kind tcp4-pid -o "$WORK/adir/missing/out.bin"
expect_usage_error "^mibtcp gen: .*out\.bin: cannot open for writing"

# Invalid tables are exit 1 with the location, never rows.
run dump --kind tcp4-module "$WORK/short.bin"
expect_invalid_table "^mibtcp dump: .*short\.bin: invalid tcp4-module table \(lenient\): ERR_COUNT_EXCEEDS_BUFFER"
run dump --kind udp4-basic --strict "$good"
expect_invalid_table "ERR_LENGTH_MISMATCH: .* field trailing, offset 20 \(0x14\)"
finish
