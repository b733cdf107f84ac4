#!/bin/bash
# The CLI at memory-image scale, in one run: dump of a ROWS-row tcp4-module
# table in each row format, against cat writing the same bytes (best of RUNS
# wall times each, output to /dev/null), then the issue-12 table: wall time
# and peak RSS (/usr/bin/time -v) of dump/check on the table and on a 3 GiB
# sparse image with the table at its start.
# usage: bench/cli_output_bench.sh PATH/TO/mibtcp [ROWS] [RUNS]
set -eu
tool=${1:?usage: $0 PATH/TO/mibtcp [ROWS] [RUNS]}
rows=${2:-1000000}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best_wall() { # best_wall OUTFILE CMD...: the best of $runs wall times in seconds
    local out=$1 best="" t
    shift
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >"$out" 2>/dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

"$tool" gen --kind tcp4-module --rows "$rows" --seed 1 -o "$work/table.bin"
echo "table: $rows rows, $(wc -c <"$work/table.bin") bytes; best of $runs runs; output to /dev/null"
printf '%-10s %12s %12s %10s %10s %8s\n' format rows/s MB/s "dump s" "cat s" ratio
for format in jsonl csv table timesketch bodyfile; do
    "$tool" dump --kind tcp4-module --format $format "$work/table.bin" >"$work/out.$format" 2>/dev/null
    bytes=$(wc -c <"$work/out.$format")
    dump_s=$(best_wall /dev/null "$tool" dump --kind tcp4-module --format $format "$work/table.bin")
    cat_s=$(best_wall /dev/null cat "$work/out.$format")
    printf '%-10s %12.0f %12.0f %10.3f %10.3f %8.1f\n' $format "$(echo "$rows / $dump_s" | bc -l)" \
        "$(echo "$bytes / $dump_s / 1000000" | bc -l)" "$dump_s" "$cat_s" "$(echo "$dump_s / $cat_s" | bc -l)"
    rm -f "$work/out.$format"
done

echo
echo "issue 12 table (wall s, peak RSS MB):"
measure() { # measure LABEL CMD...
    local label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    printf '%-58s %10s %8.0f\n' "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
measure "dump --format jsonl ($rows rows)" "$tool" dump --kind tcp4-module --format jsonl "$work/table.bin"
measure "dump --format csv ($rows rows)" "$tool" dump --kind tcp4-module --format csv "$work/table.bin"
measure "dump --format table ($rows rows)" "$tool" dump --kind tcp4-module --format table "$work/table.bin"
"$tool" gen --kind tcp4-module --rows 3 --seed 7 -o "$work/small.bin"
truncate -s 3G "$work/image.img"
dd if="$work/small.bin" of="$work/image.img" conv=notrunc status=none
measure "3 GiB image: dump --offset 0 --length 488" "$tool" dump --kind tcp4-module --offset 0 --length 488 "$work/image.img"
measure "3 GiB image, valid header: check" "$tool" check --kind tcp4-module "$work/image.img"
