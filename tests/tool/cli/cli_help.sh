#!/bin/bash
# --help of the tool and of each subcommand, and --version.
# usage: cli_help.sh MIBTCP EXPECTED-VERSION
. "$(dirname "$0")/cli_lib.sh"
version=${2:?expected version}

for form in --help -h help; do
    run $form
    expect_rc 0
    expect_err_empty
    expect_out_matches "^usage: mibtcp COMMAND \[OPTIONS\] \[FILE\|-\]$"
    for cmd in dump check detect gen; do
        expect_out_matches "^  $cmd +[a-z]"
    done
done
kinds=$(all_kinds)
[ "$(printf '%s\n' "$kinds" | wc -l)" -eq 14 ] || fail "mibtcp --help lists $(printf '%s\n' "$kinds" | wc -l) kinds, expected 14"
for kind in tcp4-module tcp6-module tcp4-pid tcp6-pid tcp4-basic tcp6-basic tcp4-row2 tcp6-row2 \
    udp4-module udp6-module udp4-pid udp6-pid udp4-basic udp6-basic; do
    checks=$((checks + 1))
    printf '%s\n' "$kinds" | grep -qx "$kind" || fail "mibtcp --help does not list kind $kind"
done

run --version
expect_rc 0
expect_err_empty
expect_out_lines 1
expect_out_matches "^mibtcp $version\$"

for cmd in dump check detect gen; do
    for form in --help -h; do
        run $cmd $form
        expect_rc 0
        expect_err_empty
        expect_out_matches "^usage: mibtcp $cmd "
        expect_out_matches "Exit status|same bytes"
    done
done
# --help wins over everything else on the line, even a missing input or a bad option.
for cmd in dump check detect gen carve capture; do
    run $cmd --bogus --help
    expect_rc 0
    expect_out_matches "^usage: mibtcp $cmd "
done
run gen --help --kind tcp4-pid
expect_rc 0
expect_out_matches "^usage: mibtcp gen "

# Each subcommand's help names the options it accepts.
run dump --help
for option in --kind --strict --format --hex --offset --length --module-info --state --pid --port --addr; do
    expect_out_matches "$option"
done
expect_out_matches "table"
expect_out_matches "jsonl"
expect_out_matches "csv"
run check --help
for option in --kind --strict --format --hex --offset --length; do
    expect_out_matches "$option"
done
run detect --help
for option in --hex --offset --length --format; do
    expect_out_matches "$option"
done
run gen --help
for option in --kind --rows --seed --format -o --dirty-padding --port-high-bits --bad-state --reserved-state \
    --listen-remote --odd-pid --zero-timestamp --bad-timestamp --bad-offload --bad-flags --trailing --truncate --count; do
    expect_out_matches "  $option "
done
finish
