#!/bin/bash
# gen is deterministic across hosts and compilers: the sha256 of fixed gen
# commands for every kind is pinned in gen_golden.sha256 (CI builds with gcc
# and with clang, so both must produce these bytes).
# usage: cli_golden.sh MIBTCP GOLDEN-FILE [--update]
# Each golden line: "<sha256>  gen <arguments>".
. "$(dirname "$0")/cli_lib.sh"
golden=${2:?golden file}

sha256_of_gen() { # the arguments after "gen"
    "$MIBTCP" gen "$@" | sha256sum | cut -d' ' -f1
}

# Every anomaly the kind can hold (gen refuses the others).
anomalies_for() {
    local kind=$1 list="--dirty-padding --port-high-bits"
    case $kind in tcp*) list="$list --bad-state 0 --reserved-state 1 --listen-remote 2" ;; esac
    case $kind in *-pid | *-module | *-row2) list="$list --odd-pid 3" ;; esac
    case $kind in *-module) list="$list --zero-timestamp 4 --bad-timestamp 0" ;; esac
    case $kind in *-row2) list="$list --bad-offload 1" ;; esac
    case $kind in udp*-module) list="$list --bad-flags 2" ;; esac
    echo "$list --trailing 7 --count 6"
}
if [ "${3:-}" = --update ]; then
    for kind in $(all_kinds); do
        for extra in "" "$(anomalies_for $kind)"; do
            args="--kind $kind --rows 5 --seed 42${extra:+ $extra}"
            printf '%s  gen %s\n' "$(sha256_of_gen $args)" "$args"
        done
    done >"$golden"
    echo "wrote $golden"
    exit 0
fi

if [ ! -r "$golden" ]; then
    fail "golden file $golden is missing (write it with: $0 MIBTCP $golden --update)"
    finish
fi
covered=""
while read -r want gen args; do
    checks=$((checks + 1))
    last="mibtcp gen $args"
    [ "$gen" = gen ] || { fail "malformed golden line: $want $gen $args"; continue; }
    got=$(sha256_of_gen $args)
    [ "$got" = "$want" ] || fail "sha256 $got, golden $want"
    covered="$covered ${args#--kind }"
done <"$golden"
# Every kind the tool knows has a plain and an anomalous golden line.
for kind in $(all_kinds); do
    checks=$((checks + 1))
    n=$(printf '%s\n' $covered | grep -cx -- "$kind")
    [ "$n" -ge 2 ] || fail "gen_golden.sha256 has $n lines for $kind, expected 2"
done
finish
