# Sourced by the CLI end-to-end scripts: run the tool with its output captured,
# and assertions that report every failure (not just the first) before the
# script exits non-zero. Usage in a script:  . cli_lib.sh; ...; finish
# $1 of the sourcing script is the tool; it is taken here so every script agrees.

set -u
set -f # arguments like '*' are data here, never globs
MIBTCP=${1:?usage: $0 PATH/TO/mibtcp [more args]}
case $MIBTCP in /*) ;; *) MIBTCP=$PWD/$MIBTCP ;; esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mibtcp-cli.XXXXXX")
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$WORK/stdout
ERR=$WORK/stderr
PYTHON=${PYTHON:-python3}
CLI_DIR=$(cd "$(dirname "$0")" && pwd)
failures=0
checks=0
rc=0
last=""

fail() {
    failures=$((failures + 1))
    printf 'FAIL: %s\n  command: %s\n' "$*" "$last" >&2
    if [ -s "$ERR" ]; then sed -n '1,5s/^/  stderr: /p' "$ERR" >&2; fi
}

# Run the tool; stdout, stderr and the exit status land in $OUT, $ERR, $rc.
run() {
    last="mibtcp $*"
    "$MIBTCP" "$@" >"$OUT" 2>"$ERR"
    rc=$?
}

# run_in FILE ARGS...: the same with FILE as stdin.
run_in() {
    local input=$1
    shift
    last="mibtcp $* < $input"
    "$MIBTCP" "$@" <"$input" >"$OUT" 2>"$ERR"
    rc=$?
}

# gen_file NAME GEN-ARGS...: a generated table in $WORK/NAME (path printed on failure).
gen_file() {
    local name=$1
    shift
    last="mibtcp gen $* -o $WORK/$name"
    if ! "$MIBTCP" gen "$@" -o "$WORK/$name" 2>"$ERR"; then
        fail "gen failed"
    fi
}

expect_rc() {
    checks=$((checks + 1))
    [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"
}

expect_out_empty() {
    checks=$((checks + 1))
    [ ! -s "$OUT" ] || fail "stdout should be empty, has: $(head -c 200 "$OUT")"
}

expect_err_empty() {
    checks=$((checks + 1))
    [ ! -s "$ERR" ] || fail "stderr should be empty"
}

# grep -E pattern somewhere in stdout / stderr.
expect_out_matches() {
    checks=$((checks + 1))
    grep -Eq -- "$1" "$OUT" || fail "stdout does not match /$1/: $(head -c 300 "$OUT")"
}

expect_out_lacks() {
    checks=$((checks + 1))
    ! grep -Eq -- "$1" "$OUT" || fail "stdout should not match /$1/"
}

expect_err_matches() {
    checks=$((checks + 1))
    grep -Eq -- "$1" "$ERR" || fail "stderr does not match /$1/"
}

expect_err_lines() {
    checks=$((checks + 1))
    local n
    n=$(wc -l <"$ERR")
    [ "$n" -eq "$1" ] || fail "stderr has $n lines, expected $1"
}

expect_out_lines() {
    checks=$((checks + 1))
    local n
    n=$(wc -l <"$OUT")
    [ "$n" -eq "$1" ] || fail "stdout has $n lines, expected $1"
}

# A usage or I/O error: exit 2, nothing on stdout, exactly one stderr line matching the pattern.
expect_usage_error() {
    expect_rc 2
    expect_out_empty
    expect_err_lines 1
    expect_err_matches "$1"
}

# An invalid table: exit 1, nothing on stdout, one located error on stderr.
expect_invalid_table() {
    expect_rc 1
    expect_out_empty
    expect_err_lines 1
    expect_err_matches "$1"
}

# Two files must have identical bytes.
expect_same_file() {
    checks=$((checks + 1))
    cmp -s "$1" "$2" || fail "$1 and $2 differ${3:+ ($3)}"
}

# Run a Python check: the program on stdin, arguments after; its failures count as ours.
py_check() {
    checks=$((checks + 1))
    if ! "$PYTHON" - "$@" >"$WORK/py.out" 2>&1; then
        fail "python check failed: $(cat "$WORK/py.out")"
    fi
}

# Check dump output against cli_tables.py (see its docstring); prints what it printed.
expect_tables() {
    checks=$((checks + 1))
    if ! "$PYTHON" "$CLI_DIR/cli_tables.py" "$@" >"$WORK/py.out" 2>&1; then
        fail "cli_tables.py $1: $(cat "$WORK/py.out")"
    fi
}

need_python() {
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "SKIP: $PYTHON not found" >&2
        exit 77
    fi
}

skip_note() {
    printf 'SKIP (one case): %s\n' "$*" >&2
}

# The kinds, in the order `mibtcp --help` lists them.
all_kinds() {
    "$MIBTCP" --help | sed -n 's/^  \([a-z0-9]*-[a-z0-9]*\) *header .*/\1/p'
}

# fitting_anomalies KIND ROWS OPTION [VALUE] ...: the gen options a KIND table of ROWS rows can
# hold (gen refuses the others); row options take a value, flags (--dirty-padding ...) none.
fitting_anomalies() {
    local kind=$1 rows=$2 kept=""
    shift 2
    while [ $# -gt 0 ]; do
        local option=$1 value=""
        shift
        case ${1:-} in [0-9]*) value=$1; shift ;; esac
        if "$MIBTCP" gen --kind "$kind" --rows "$rows" $option $value -o /dev/null 2>/dev/null; then
            kept="$kept $option${value:+ $value}"
        fi
    done
    echo "${kept# }"
}

finish() {
    if [ "$checks" -eq 0 ]; then
        echo "FAIL: no checks ran" >&2
        exit 1
    fi
    if [ "$failures" -ne 0 ]; then
        echo "$failures of $checks checks failed" >&2
        exit 1
    fi
    echo "all $checks checks passed"
    exit 0
}
