#!/bin/bash
# How long a "counted run" real non-table memory forms, per kind: a DWORD
# followed by exactly that many consecutive structural candidate rows (what
# the API guarantees of a row: port DWORDs, state, offload state, UDP flags),
# whatever their content. carve reports such a table on its structure alone
# from a per-kind row count (lib/src/carve/carve.c, default_min_rows); this script
# measures the longest counted run each background holds, so that the count
# can be set above it. Not run by ctest (minutes, hundreds of MiB of disk).
#
#   bench/carve_structure.sh [WORKDIR] [MIB_PER_BACKGROUND]
#
# It builds the tool with MIBTCPI_MEASURE_STRUCTURE_ROWS=1 (every counted run
# decides) in WORKDIR/build, makes the backgrounds with
# tests/tool/carve_truth/backgrounds.py (ELF libraries of this system; the memory
# of real programs: python3, clang++, gdb and a Wine cmd.exe where they are
# installed; text; random bytes; zeros), carves each with --min-rows 1, and
# prints per kind and background the longest counted run, and the count of
# counted runs of 2+ rows.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/carve-structure.XXXXXX)}
MIB=${2:-128}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")

cmake -S "$SRC" -B "$WORK/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIBTCP_BUILD_TESTS=OFF \
    -DMIBTCP_BUILD_BENCH=OFF -DMIBTCP_FUZZ_ENGINE=none -DMIBTCP_ALLOW_MISSING_CHECK=ON \
    -DCMAKE_C_FLAGS=-DMIBTCPI_MEASURE_STRUCTURE_ROWS=1 >/dev/null
cmake --build "$WORK/build" --target mibtcp >/dev/null
MIBTCP=$WORK/build/tools/mibtcp/mibtcp

# The backgrounds of tests/tool/carve_truth (each a real program's memory or this system's files).
for name in elf python3 clang gdb wine text random zeros; do
    [ -e "$WORK/bg-$name.bin" ] || python3 "$SRC/tests/tool/carve_truth/backgrounds.py" "$name" "$MIB" "$WORK/bg-$name.bin" ||
        echo "carve_structure: background $name not made (see above)" >&2
done

python3 - "$MIBTCP" "$WORK" <<'PY'
import collections, glob, json, os, subprocess, sys
mibtcp, work = sys.argv[1], sys.argv[2]
longest = collections.defaultdict(dict)
counted = collections.defaultdict(dict)
names = []
for path in sorted(glob.glob(os.path.join(work, "bg-*.bin"))):
    name = os.path.basename(path)[3:-4]
    names.append(name)
    out = subprocess.run([mibtcp, "carve", "--min-rows", "1", "--format", "jsonl", path], check=False,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        h = json.loads(line)
        if h.get("basis") != "structure":
            continue
        k = h["kind"]
        longest[k][name] = max(longest[k].get(name, 0), h["rows"])
        if h["rows"] >= 2:
            counted[k][name] = counted[k].get(name, 0) + 1
kinds = ["tcp4-module", "tcp6-module", "tcp4-pid", "tcp6-pid", "tcp4-basic", "tcp6-basic", "tcp4-row2", "tcp6-row2",
         "udp4-module", "udp6-module", "udp4-pid", "udp6-pid", "udp4-basic", "udp6-basic"]
sizes = {n: os.path.getsize(os.path.join(work, "bg-%s.bin" % n)) >> 20 for n in names}
print("longest counted run (rows) per kind and background; in brackets: counted runs of 2+ rows")
print("%-12s" % "kind" + "".join("%16s" % ("%s %dM" % (n, sizes[n])) for n in names) + "%8s" % "max")
for k in kinds:
    cells = ["%d [%d]" % (longest[k].get(n, 0), counted[k].get(n, 0)) for n in names]
    print("%-12s" % k + "".join("%16s" % c for c in cells) + "%8d" % max([0] + list(longest[k].values())))
PY
