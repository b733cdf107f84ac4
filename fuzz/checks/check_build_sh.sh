#!/bin/bash -eu
# Proves fuzz/build.sh works as OSS-Fuzz / ClusterFuzzLite call it: exports
# the builder's variables by hand (clang, ASan, libFuzzer), runs it into a
# scratch $OUT, and checks that every harness came out with its seed zip,
# dictionary and options, and that each fuzzer runs its seed corpus.
# Exit 77 (skipped) when clang cannot link libFuzzer here.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) # fuzz/
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if ! command -v clang >/dev/null ||
    ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
    clang -x c -fsanitize=fuzzer -o "$scratch/probe" - 2>/dev/null; then
    echo "SKIP: clang with libFuzzer not available"
    exit 77
fi

unset CXX CXXFLAGS
export CC=clang
export CFLAGS="-O1 -g -fsanitize=address,fuzzer-no-link"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export OUT="$scratch/out" WORK="$scratch/work" SRC="$here/.."
mkdir -p "$OUT" "$WORK"
"$here/build.sh"

failures=0
harnesses=0
for source in "$here"/harness/fuzz_*.c; do
    harness=$(basename "$source" .c)
    harnesses=$((harnesses + 1))
    for artifact in "$harness" "${harness}_seed_corpus.zip" "$harness.dict" "$harness.options"; do
        if [ ! -s "$OUT/$artifact" ]; then
            echo "FAIL: build.sh did not write $artifact"
            failures=$((failures + 1))
        fi
    done
    seeds=$(find "$here/../corpus/$harness" "$here/../corpus/regressions" -type f ! -name '.*' | wc -l)
    zipped=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' \
        "$OUT/${harness}_seed_corpus.zip" 2>/dev/null || unzip -Z1 "$OUT/${harness}_seed_corpus.zip" | wc -l)
    if [ "$zipped" -lt "$seeds" ]; then
        echo "FAIL: ${harness}_seed_corpus.zip holds $zipped files, expected $seeds"
        failures=$((failures + 1))
    fi
    mkdir -p "$scratch/corpus/$harness"
    (cd "$scratch/corpus/$harness" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' \
        "$OUT/${harness}_seed_corpus.zip")
    if ! "$OUT/$harness" -runs=0 -artifact_prefix="$scratch/" "$scratch/corpus/$harness" >"$scratch/$harness.log" 2>&1; then
        echo "FAIL: $harness does not run its seed corpus:"
        tail -n 20 "$scratch/$harness.log"
        failures=$((failures + 1))
    fi
done
echo "build.sh: $harnesses harnesses, $failures failures"
[ "$harnesses" -gt 0 ] && [ "$failures" -eq 0 ]
