#!/bin/bash -u
# Proves fuzz/oracles/oracles.ignorelist keeps both engines' coverage out of the
# oracles: compiles one oracle and one library file with clang's
# -fsanitize-coverage-ignorelist (libFuzzer) and with afl-clang-fast under
# AFL_LLVM_DENYLIST (AFL++), from the project root (the debug info then
# names the sources relatively, the case a pattern with a leading '/'
# misses) and from a scratch directory (absolute names), and requires
# coverage guards in the library object only: without them in both, the
# check itself would prove nothing. Exit 77 (skipped) without clang.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
list="$root/fuzz/oracles/oracles.ignorelist"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
command -v clang >/dev/null || { echo "SKIP: clang not available"; exit 77; }

oracle=fuzz/oracles/reference_time.c
library=lib/src/text/filetime.c
includes=(-I"$root/lib/include" -I"$root/lib/src" -I"$root/fuzz" -I"$root/testkit")
failures=0

guards() { nm "$1" 2>/dev/null | grep -c '__sancov_guards\|__sanitizer_cov_trace_pc_guard'; }

check() { # check ENGINE DIRECTORY PATH_PREFIX COMPILER [FLAGS...]: compile from DIRECTORY
    local engine=$1 dir=$2 prefix=$3 compiler=$4
    shift 4
    local source object
    for source in "$oracle" "$library"; do
        object="$scratch/$engine-$(basename "$dir")-$(basename "$source" .c).o"
        (cd "$dir" && "$compiler" -O1 -g "${includes[@]}" "$@" -c "$prefix$source" -o "$object") >/dev/null 2>&1 ||
            { echo "FAIL: $engine could not compile $source"; failures=$((failures + 1)); continue; }
        local count
        count=$(guards "$object")
        if [ "$source" = "$oracle" ] && [ "$count" -ne 0 ]; then
            echo "FAIL: $engine instruments the oracle $source (compiled from $dir)"
            failures=$((failures + 1))
        elif [ "$source" = "$library" ] && [ "$count" -eq 0 ]; then
            echo "FAIL: $engine left $source uninstrumented: the check proves nothing"
            failures=$((failures + 1))
        fi
    done
}

for dir in "$root" "$scratch"; do
    prefix=""
    [ "$dir" = "$root" ] || prefix="$root/"
    check libfuzzer "$dir" "$prefix" clang -fsanitize-coverage=trace-pc-guard -fsanitize-coverage-ignorelist="$list"
    if command -v afl-clang-fast >/dev/null; then
        AFL_LLVM_DENYLIST=$list AFL_QUIET=1 check afl "$dir" "$prefix" afl-clang-fast
    fi
done
command -v afl-clang-fast >/dev/null || echo "note: afl-clang-fast not found, AFL++ not checked"
[ "$failures" -eq 0 ] && echo "oracles uninstrumented under every engine available"
exit $((failures > 0))
