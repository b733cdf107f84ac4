#!/bin/bash
# Memory-image scale input: a 3 GiB sparse image with a table at its start is
# dumped and checked in bounded memory (the file is mapped, never copied), a
# slice of it fits under a small address-space limit, and a mapped file that
# shrinks while the tool reads it ends in an I/O error, not a crash.
# usage: cli_big_input.sh MIBTCP [SANITIZED]  (SANITIZED non-empty: sanitizer
# runtimes reserve terabytes of address space, so the limits are skipped)
. "$(dirname "$0")/cli_lib.sh"
sanitized=${2:-}

gen_file table.bin --kind tcp4-module --rows 3 --seed 7
run dump --kind tcp4-module --format jsonl "$WORK/table.bin"
cp "$OUT" "$WORK/table.jsonl"

image=$WORK/image.img
if ! truncate -s 3G "$image" 2>/dev/null; then
    skip_note "cannot create a 3 GiB sparse file here"
elif [ "$(getconf LONG_BIT)" -lt 64 ]; then
    skip_note "32-bit host: a 3 GiB image does not fit in the address space"
elif [ -n "$sanitized" ]; then
    skip_note "sanitizer build: memory limits not applied"
else
    dd if="$WORK/table.bin" of="$image" conv=notrunc status=none
    # Heap (and any private writable memory) capped at 64 MiB: a copy of the
    # image, or of a slice read by doubling a buffer, cannot happen.
    limited() { # limited ULIMIT-OPTION KIB ARGS...: run the tool under a resource limit
        local opt=$1 kib=$2
        shift 2
        last="(ulimit $opt $kib; mibtcp $*)"
        (ulimit "$opt" "$kib" && exec "$MIBTCP" "$@") >"$OUT" 2>"$ERR"
        rc=$?
    }
    limited -d 65536 dump --kind tcp4-module --format jsonl --offset 0 --length 488 "$image"
    expect_rc 0
    expect_same_file "$WORK/table.jsonl" "$OUT" "slice of a 3 GiB image"
    # Address space capped far below the image: only the slice is mapped.
    limited -v 200000 dump --kind tcp4-module --format jsonl --offset 0 --length 488 "$image"
    expect_rc 0
    expect_same_file "$WORK/table.jsonl" "$OUT" "slice of a 3 GiB image under ulimit -v"
    limited -v 200000 check --kind tcp4-module --length 488 "$image"
    expect_rc 0
    # The whole image: a valid table followed by 3 GiB of slack (lenient).
    limited -d 65536 dump --kind tcp4-module --format jsonl "$image"
    expect_rc 0
    expect_same_file "$WORK/table.jsonl" "$OUT" "whole 3 GiB image"
    limited -d 65536 check --kind tcp4-module "$image"
    expect_rc 0
    expect_out_matches "VALID, 3 rows"
    # Past 4 GiB: 64-bit offsets all the way.
    truncate -s 5G "$image"
    dd if="$WORK/table.bin" of="$image" bs=1M seek=4600 conv=notrunc status=none
    limited -v 200000 dump --kind tcp4-module --format jsonl --offset $((4600 * 1048576)) --length 488 "$image"
    expect_rc 0
    expect_same_file "$WORK/table.jsonl" "$OUT" "slice beyond 4 GiB"
fi
rm -f "$image"

# A file truncated while mapped: the reader blocks on a full pipe part-way
# through the rows, the file shrinks to nothing, then the pipe drains.
gen_file shrinking.bin --kind tcp4-pid --rows 200000 --seed 5
last="mibtcp dump shrinking.bin | (truncate; drain)"
"$MIBTCP" dump --kind tcp4-pid --format jsonl "$WORK/shrinking.bin" 2>"$ERR" |
    { sleep 1; truncate -s 0 "$WORK/shrinking.bin"; cat >/dev/null; }
rc=${PIPESTATUS[0]}
expect_rc 2
expect_err_lines 1
expect_err_matches "^mibtcp dump: .*shrinking\.bin: I/O error: the file shrank while being read$"
finish
