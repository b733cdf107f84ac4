#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of every fuzz harness.
#
# Uses only what those builders export: $CC $CFLAGS $LIB_FUZZING_ENGINE $OUT
# (and $CXX $CXXFLAGS for linking, since fuzzing engines are C++, and $WORK
# for objects when set). Compiles lib/src/*/*.c, testkit/kit_layout.c and layout_fields.c, the fuzz
# support and oracle files and each fuzz/harness/fuzz_*.c, and writes into $OUT, for each harness:
#   <harness>                  the fuzzer
#   <harness>_seed_corpus.zip  corpus/<harness>/* and corpus/regressions/*
#   <harness>.dict             fuzz/harness/<harness>.dict, or else fuzz/support/mibtcp.dict
#   <harness>.options          fuzz/harness/<harness>.options
# A harness of code outside lib/ names those sources (relative to the project
# root) in fuzz/harness/<harness>.sources; they are compiled into that harness only.
# Locally, for example:
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/out fuzz/build.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${CC:?set CC}" "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE}" "${OUT:?set OUT}"
CFLAGS=${CFLAGS:-}
linker=${CXX:-$CC}
link_flags=${CXXFLAGS:-$CFLAGS}
OUT=$(mkdir -p "$OUT" && cd "$OUT" && pwd) # absolute: make_zip changes directory
case "$CFLAGS" in
*fuzzer-no-link* | *-fsanitize-coverage=*) # coverage-guided: leave the oracles uninstrumented
    CFLAGS="$CFLAGS -fsanitize-coverage-ignorelist=$root/fuzz/oracles/oracles.ignorelist"
    ;;
esac
# AFL++'s compilers ignore that flag and read the same list from the
# environment; they refuse an allow list and a deny list together.
case "$(basename "${CC%% *}")" in
afl-*)
    if [ -z "${AFL_LLVM_ALLOWLIST:-}${AFL_LLVM_DENYLIST:-}" ]; then
        export AFL_LLVM_DENYLIST=$root/fuzz/oracles/oracles.ignorelist
    else
        echo "build.sh: AFL_LLVM_ALLOWLIST/DENYLIST set by the builder: fuzz/oracles/oracles.ignorelist not applied" >&2
    fi
    ;;
esac
objects_dir=${WORK:-$(mktemp -d)}/mibtcp-fuzz-objects
rm -rf "$objects_dir"
mkdir -p "$objects_dir" "$OUT"

compile() { # compile SOURCE OBJECT [CFLAGS...]
    local source=$1 object=$2
    shift 2
    # shellcheck disable=SC2086 # CFLAGS is a list of flags
    $CC $CFLAGS -std=c11 -I"$root/lib/include" -I"$root/fuzz" -I"$root/testkit" "$@" -c "$source" -o "$object"
}

# Compiles fuzz/harness/HARNESS.sources into the array extra_objects, and puts -I for
# their directories into extra_includes (the harness includes their headers).
compile_extra_sources() { # compile_extra_sources HARNESS
    local list="$root/fuzz/harness/$1.sources" line sources=()
    extra_objects=()
    extra_includes=()
    [ -f "$list" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in '' | '#'*) ;; *) sources+=("$root/$line") extra_includes+=("-I$(dirname "$root/$line")" "-I$(dirname "$(dirname "$root/$line")")") ;; esac
    done <"$list"
    for line in "${sources[@]}"; do
        extra_objects+=("$objects_dir/$1_$(basename "$line" .c).o")
        compile "$line" "$objects_dir/$1_$(basename "$line" .c).o" "${extra_includes[@]}"
    done
}

shared_objects=()
for source in "$root"/lib/src/*/*.c; do
    object="$objects_dir/lib_$(basename "$source" .c).o"
    compile "$source" "$object" -I"$root/lib/src"
    shared_objects+=("$object")
done
# The test kit's statement of the layouts, which the reference decoder reads,
# and its reading of the library's layouts field by field.
for source in kit_layout layout_fields; do
    compile "$root/testkit/$source.c" "$objects_dir/testkit_$source.o"
    shared_objects+=("$objects_dir/testkit_$source.o")
done
for source in "$root"/fuzz/support/*.c "$root"/fuzz/oracles/*.c; do
    name=$(basename "$source" .c)
    case "$name" in
    replay_main | make_seeds | table_mutator_test) continue ;; # programs with a main() of their own
    esac
    compile "$source" "$objects_dir/support_$name.o"
    shared_objects+=("$objects_dir/support_$name.o")
done

# Stages the files flat into a directory, then zips it with whatever this
# builder has: zip, python3's zipfile or cmake.
make_zip() { # make_zip ZIP FILE...
    local zip_file=$1 staging
    shift
    rm -f "$zip_file"
    if [ $# -eq 0 ]; then
        return 0
    fi
    staging=$(mktemp -d)
    cp "$@" "$staging/"
    if command -v zip >/dev/null; then
        (cd "$staging" && zip -q -r "$zip_file" .)
    elif command -v python3 >/dev/null; then
        python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name in sorted(os.listdir(sys.argv[2])):
        z.write(os.path.join(sys.argv[2], name), name)' "$zip_file" "$staging"
    else
        (cd "$staging" && cmake -E tar cf "$zip_file" --format=zip .)
    fi
    rm -rf "$staging"
}

for source in "$root"/fuzz/harness/fuzz_*.c; do
    harness=$(basename "$source" .c)
    compile_extra_sources "$harness"
    compile "$source" "$objects_dir/$harness.o" "${extra_includes[@]+"${extra_includes[@]}"}"
    # shellcheck disable=SC2086 # flag lists
    $linker $link_flags "$objects_dir/$harness.o" "${extra_objects[@]+"${extra_objects[@]}"}" "${shared_objects[@]}" \
        $LIB_FUZZING_ENGINE -o "$OUT/$harness"
    seeds=()
    for path in "$root/corpus/$harness"/* "$root"/corpus/regressions/*; do
        if [ -f "$path" ]; then
            seeds+=("$path")
        fi
    done
    make_zip "$OUT/${harness}_seed_corpus.zip" "${seeds[@]+"${seeds[@]}"}"
    if [ -f "$root/fuzz/harness/$harness.dict" ]; then
        cp "$root/fuzz/harness/$harness.dict" "$OUT/$harness.dict"
    else
        cp "$root/fuzz/support/mibtcp.dict" "$OUT/$harness.dict"
    fi
    if [ -f "$root/fuzz/harness/$harness.options" ]; then
        cp "$root/fuzz/harness/$harness.options" "$OUT/$harness.options"
    fi
done
