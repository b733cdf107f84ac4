#!/bin/bash
# How long a "counted run" real non-table memory forms, per kind: a DWORD
# (before a run of structural candidate rows, or in its first rows) followed
# by exactly that many consecutive candidates (what the API guarantees of a
# row: port DWORDs, state, offload state, UDP flags), whatever their content.
# carve reports such a table on its structure alone from a per-kind row count
# (lib/src/carve/carve.c, default_min_rows): twice the longest measured here.
# Not run by ctest (minutes, a GiB of disk).
#
#   bench/carve_structure.sh [WORKDIR] [MIB_PER_BACKGROUND] [--wine DIR ...] [--planted DIR ...]
#
# It makes the backgrounds with tests/tool/carve_truth/backgrounds.py (ELF
# libraries of this system; the memory of real programs: python3, clang++,
# gdb and a Wine cmd.exe where they are installed; text; random bytes;
# zeros) and runs bench/counted_thresholds.py --structure on them, with the
# Wine agent corpora (wine_carve_corpus.py --keep) and planted images
# (tests/tool/carve_truth/plant.py) given after them: the decisive counts in
# lib/src/carve/carve.c were measured on 150 MiB backgrounds, the Wine corpora
# of seeds 24 and 7 and a planted image of seed 777.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/carve-structure.XXXXXX)}
MIB=${2:-128}
shift $(($# < 2 ? $# : 2))
mkdir -p "$WORK"
WORK=$(realpath "$WORK")

backgrounds=()
for name in elf python3 clang gdb wine text random zeros; do
    [ -e "$WORK/bg-$name.bin" ] || python3 "$SRC/tests/tool/carve_truth/backgrounds.py" "$name" "$MIB" "$WORK/bg-$name.bin" ||
        echo "carve_structure: background $name not made (see above)" >&2
    [ ! -e "$WORK/bg-$name.bin" ] || backgrounds+=(--background "$WORK/bg-$name.bin")
done
exec python3 "$SRC/bench/counted_thresholds.py" --structure --work "$WORK" "${backgrounds[@]}" "$@"
