#!/bin/bash
# Carving against the independent, content-adversarial ground truth at the 1 GiB scale
# (tests/tool/carve_truth/README.md): header-anchored recall per kind and row count, orphan-run
# recall, confidence, and false hits per GiB on each real background. Not run by ctest (it takes
# a minute or two and ~3 GiB of disk); ctest runs the 56 MiB version (carve_truth_adversarial).
#
#   bench/carve_truth.sh MIBTCP [WORKDIR] [MIB_PER_BACKGROUND] [MEASURE OPTIONS...]
#
# Defaults: WORKDIR a new temporary directory, 150 MiB per background; backgrounds elf, python3,
# clang, gdb, wine, text, random, zeros (gdb and wine when installed: ~1.1 GiB in all), with
# 6 typical and 24 adversarial copies of every (kind, row count) cell, 12 orphan runs per
# (kind, row count) and every single content trait 6 times. WORKDIR keeps image.raw, truth.json,
# summary.json and backgrounds/; rerunning with the same WORKDIR measures the same image again.
# CARVE_TRUTH_BACKGROUNDS=DIR keeps/reuses the background bytes there instead.
# Gates (e.g. --require-header-recall 100 --max-false-per-gib 0) pass through to measure.py.
set -eu
MIBTCP=$(realpath "${1:?usage: $0 MIBTCP [WORKDIR] [MIB_PER_BACKGROUND] [MEASURE OPTIONS...]}")
WORK=${2:-$(mktemp -d /tmp/carve-truth.XXXXXX)}
MIB=${3:-150}
shift $(( $# < 3 ? $# : 3 ))
HERE=$(cd "$(dirname "$0")/../tests/tool/carve_truth" && pwd)
backgrounds=elf,python3,clang
command -v gdb >/dev/null && backgrounds=$backgrounds,gdb
command -v wine >/dev/null && backgrounds=$backgrounds,wine
backgrounds=$backgrounds,text,random,zeros
exec nice -n 10 python3 "$HERE/carve_truth.py" --mibtcp "$MIBTCP" --out "$WORK" \
    --background-cache "${CARVE_TRUTH_BACKGROUNDS:-$WORK/backgrounds}" --mib-per-background "$MIB" --backgrounds "$backgrounds" \
    --typical-copies 6 --adversarial-copies 24 --orphan-copies 12 --single-copies 6 --reuse "$@"
