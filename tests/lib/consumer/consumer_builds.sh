#!/usr/bin/env bash
# Installs this build into a temporary prefix, moves the prefix (an installed
# package must work wherever it ends up), and builds and runs tests/lib/consumer's
# consumer.c, static and shared, the four ways the README offers:
# find_package, pkg-config, add_subdirectory, and the drop-in sources.
# Usage: consumer_builds.sh BUILD_DIR SOURCE_DIR CMAKE CC [C_FLAGS]
set -euo pipefail
build=${1:?build dir} source=${2:?source dir} cmake=${3:?cmake} cc=${4:?C compiler} cflags=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
expected="tcp4-basic: 1 row, LISTEN; cut short: ERR_COUNT_EXCEEDS_BUFFER"
failures=0

run_consumer() { # $1: what, $2: program
    local got
    got=$("$2") || { echo "FAIL $1: exit status $?"; failures=$((failures + 1)); return; }
    if [ "$got" = "$expected" ]; then echo "ok   $1"; else echo "FAIL $1: printed '$got'"; failures=$((failures + 1)); fi
}
configure_and_build() { # $1: source, $2: binary dir, then extra cmake arguments
    local src=$1 bin=$2; shift 2
    "$cmake" -S "$src" -B "$bin" -G Ninja -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" "$@" >"$bin.log" 2>&1 &&
        "$cmake" --build "$bin" >>"$bin.log" 2>&1 || { cat "$bin.log"; exit 1; }
}

"$cmake" --install "$build" --prefix "$work/staged" >/dev/null
mv "$work/staged" "$work/prefix"
prefix=$work/prefix
pc=$(find "$prefix" -name mibtcp.pc)
[ -n "$pc" ] || { echo "FAIL: no mibtcp.pc installed"; exit 1; }

configure_and_build "$here/find_package" "$work/find_package" -DCMAKE_PREFIX_PATH="$prefix"
for linkage in static shared; do run_consumer "find_package $linkage" "$work/find_package/consumer_$linkage"; done

export PKG_CONFIG_PATH=${pc%/*}
read -r -a pc_cflags <<<"$(pkg-config --cflags mibtcp)"
read -r -a pc_libs <<<"$(pkg-config --libs mibtcp)"
libdir=$(pkg-config --variable=libdir mibtcp)
read -r -a extra <<<"$cflags"
"$cc" "${extra[@]}" "${pc_cflags[@]}" "$here/consumer.c" "$libdir/libmibtcp.a" -o "$work/pc_static"
"$cc" "${extra[@]}" "${pc_cflags[@]}" "$here/consumer.c" "${pc_libs[@]}" -Wl,-rpath,"$libdir" -o "$work/pc_shared"
for linkage in static shared; do run_consumer "pkg-config $linkage" "$work/pc_$linkage"; done

configure_and_build "$here/subproject" "$work/subproject" -DMIBTCP_SOURCE_DIR="$source"
for linkage in static shared; do run_consumer "add_subdirectory $linkage" "$work/subproject/consumer_$linkage"; done

# Drop-in: the header and lib/src/ copied into the consumer's tree, built by a plain compiler command.
mkdir -p "$work/dropin"
cp -R "$source/lib/include" "$source/lib/src" "$work/dropin/"
dropin_flags=(-std=c11 -I"$work/dropin/include" -I"$work/dropin/src" "${extra[@]}")
"$cc" "${dropin_flags[@]}" "$here/consumer.c" "$work"/dropin/src/*/*.c -o "$work/dropin_static"
"$cc" "${dropin_flags[@]}" -fPIC -shared -fvisibility=hidden -DMIBTCP_BUILDING_SHARED "$work"/dropin/src/*/*.c \
    -o "$work/dropin/libmibtcp.so"
"$cc" "${dropin_flags[@]}" "$here/consumer.c" -L"$work/dropin" -lmibtcp -Wl,-rpath,"$work/dropin" \
    -o "$work/dropin_shared"
for linkage in static shared; do run_consumer "drop-in $linkage" "$work/dropin_$linkage"; done

[ "$failures" = 0 ] || { echo "$failures consumer builds failed"; exit 1; }
