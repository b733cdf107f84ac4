#!/bin/bash
# Hostile inputs and outputs (issue 19): memory ranges at the top of the
# address space are scanned up to the carver's limit and the rest is counted
# on stderr (exit 1); containers that list a range twice, hold only empty
# ranges or carry an unknown LiME version; write errors and a bad --extract
# directory say why; --help and --version on a full disk fail; file names
# cannot forge a line; gen -o - is standard output; raw pipes and devices are
# read only as far as a table can reach; --kind auto on a multi-GiB file
# weighs a bounded prefix.
# usage: cli_hostile.sh MIBTCP [SANITIZED]
. "$(dirname "$0")/cli_lib.sh"
need_python
sanitized=${2:-}

gen_file t.bin --kind tcp4-module --rows 5 --seed 7
cat >"$WORK/build.py" <<'PY'
import os, struct, sys
work = sys.argv[1]
t = open(os.path.join(work, "t.bin"), "rb").read()
body = t + bytes(0x2000 - len(t))  # a table at the start of two pages

def lime(start, data, version=1):
    return struct.pack("<IIQQQ", 0x4C694D45, version, start, start + len(data) - 1, 0) + data

def minidump(ranges64, streams=1):  # a Memory64ListStream, listed `streams` times
    dir_at = 32
    mem64_at = dir_at + 12 * streams
    mem64 = struct.pack("<QQ", len(ranges64), mem64_at + 16 + 16 * len(ranges64))
    for va, d in ranges64:
        mem64 += struct.pack("<QQ", va, len(d))
    head = struct.pack("<IIIIIIQ", 0x504D444D, 0xA793, streams, dir_at, 0, 0, 0)
    directory = b"".join(struct.pack("<III", 9, len(mem64), mem64_at) for _ in range(streams))
    return head + directory + mem64 + b"".join(d for _, d in ranges64)

def write(name, data):
    open(os.path.join(work, name), "wb").write(data)

write("high.lime", lime(0xFFFFFFFFFFFFE000, body))
write("high.dmp", minidump([(0xFFFFFFFFFFFFE000, body)]))
write("top.lime", lime(0xFFFFFFFFFFFFF000, bytes(0x1000)))  # wholly above the limit
write("v2.lime", lime(0x1000, body, version=2))
write("twice.dmp", minidump([(0x7FF000000000, body)], streams=2))
write("empty-ranges.dmp", minidump([(0x1000, b""), (0x2000, b"")]))
PY
"$PYTHON" "$WORK/build.py" "$WORK" || fail "build.py failed"

# ---- row 2: ranges ending above MIBTCP_CARVE_MAX_OFFSET ----
# The range [0xffffffffffffe000, 2^64) is scanned up to 0xffffffffffffeffe:
# 0x2000 - 0xfff = 4097 bytes are not, and the table at its start is found.
for how in file stdin; do
    for image in high.lime high.dmp; do
        if [ $how = file ]; then run carve --format jsonl "$WORK/$image"; else run_in "$WORK/$image" carve --format jsonl -; fi
        expect_rc 1
        expect_out_lines 1
        expect_out_matches '"kind":"tcp4-module","rows":5,.*"(va|pa)":"18446744073709543424"\}$'
        expect_err_lines 1
        expect_err_matches "^mibtcp carve: .*: 4097 bytes of 1 memory range not scanned: they lie above address 0xffffffffffffeffe"
    done
done
run carve "$WORK/top.lime"
expect_rc 1
expect_err_matches ": 4096 bytes of 1 memory range not scanned"
# --range: only what lies in the shard counts
run carve --range 0:64 "$WORK/high.lime"
expect_rc 0
expect_err_empty

# ---- row 6 and row 9: containers ----
for how in file stdin; do
    if [ $how = file ]; then run carve "$WORK/empty-ranges.dmp"; else run_in "$WORK/empty-ranges.dmp" carve -; fi
    expect_rc 0
    expect_out_matches '^0 hits$'
    if [ $how = file ]; then run carve --format jsonl "$WORK/twice.dmp"; else run_in "$WORK/twice.dmp" carve --format jsonl -; fi
    expect_rc 0
    expect_out_lines 1 # the stream is listed twice, its table is one hit
    if [ $how = file ]; then run carve "$WORK/v2.lime"; else run_in "$WORK/v2.lime" carve -; fi
    expect_usage_error "malformed LiME file: a range header is not LiME version 1"
done

# ---- row 9: a complete table that ends on a page boundary is not truncated ----
gen_file p.bin --kind tcp4-pid --rows 5 --seed 3
"$PYTHON" - "$WORK" <<'PY' || fail "edge images not written"
import sys
work = sys.argv[1]
t = open(work + "/p.bin", "rb").read()
img = bytearray(12288)
img[8192 - len(t):8192] = t  # the last row ends at 8192
open(work + "/edge.img", "wb").write(img)
more = bytearray(t)
more[0] = 9  # dwNumEntries promises 9 rows: the page cut it
img[8192 - len(t):8192] = more
open(work + "/edge-more.img", "wb").write(img)
PY
run carve --format jsonl "$WORK/edge.img"
expect_rc 0
expect_out_matches '^\{"offset":8068,"kind":"tcp4-pid","rows":5,"length":124,"header":true,.*"page_truncated":false,'
run carve "$WORK/edge.img"
expect_out_matches '^ +0x1f84  tcp4-pid +5 +124  yes +100%  yes    -  +content *$'
run carve --format jsonl "$WORK/edge-more.img"
expect_out_matches '^\{"offset":8068,"kind":"tcp4-pid","rows":5,.*"page_truncated":true,'

# ---- row 9: write errors say why ----
if [ -w /dev/full ]; then
    last="mibtcp carve t.bin >/dev/full"
    "$MIBTCP" carve "$WORK/t.bin" >/dev/full 2>"$ERR"
    rc=$?
    expect_rc 2
    expect_err_matches "^mibtcp carve: standard output: write error: No space left on device$"
    for args in "--help" "--version" "dump --help" "carve --help" "gen --help"; do
        last="mibtcp $args >/dev/full"
        # shellcheck disable=SC2086 # the words of $args are the arguments
        "$MIBTCP" $args >/dev/full 2>"$ERR"
        rc=$?
        expect_rc 2
        expect_err_matches "standard output: write error: No space left on device$"
    done
else
    skip_note "no /dev/full"
fi
last="mibtcp carve --rows t.bin >&-"
"$MIBTCP" carve --rows "$WORK/t.bin" >&- 2>"$ERR"
rc=$?
expect_rc 2
expect_err_matches "^mibtcp carve: standard output: write error: Bad file descriptor$"

# --extract: the directory is checked before anything is scanned or printed
run carve --extract "$WORK/missing" "$WORK/t.bin"
expect_usage_error "^mibtcp carve: --extract .*/missing: No such file or directory \(nothing was scanned\)$"
run carve --extract "$WORK/t.bin" "$WORK/t.bin"
expect_usage_error "--extract .*t.bin: not a directory"
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$WORK/readonly" && chmod a-w "$WORK/readonly"
    run carve --extract "$WORK/readonly" "$WORK/t.bin"
    expect_usage_error "--extract .*/readonly: Permission denied"
fi

# A file that cannot be written (here: a file size limit of 0, so the write
# that fclose() makes fails) is reported with errno's reason and removed.
mkdir "$WORK/ex"
last="(ulimit -f 0; mibtcp carve --extract ex t.bin)"
(trap '' XFSZ && ulimit -f 0 && exec "$MIBTCP" carve --extract "$WORK/ex" "$WORK/t.bin") 2>&1 >/dev/null | cat >"$ERR"
rc=${PIPESTATUS[0]}
expect_rc 2
expect_err_lines 1
expect_err_matches "^mibtcp carve: .*/ex/0000000000000000_tcp4-module.bin: write error: File too large \(0 of 1 hits extracted\)$"
checks=$((checks + 1))
[ -z "$(ls -A "$WORK/ex")" ] || fail "--extract left a partial file: $(ls "$WORK/ex")"
run carve --extract "$WORK/ex" "$WORK/t.bin"
expect_rc 0
expect_same_file "$WORK/t.bin" "$WORK/ex/0000000000000000_tcp4-module.bin" "--extract"

# gen -o: a reason, and - is standard output
run gen --kind tcp4-pid -o "$WORK"
expect_usage_error "^mibtcp gen: .*: cannot open for writing: Is a directory$"
(cd "$WORK" && "$MIBTCP" gen --kind tcp4-pid --rows 2 --seed 1 -o - >"$WORK/stdout.bin" 2>"$ERR")
rc=$?
last="mibtcp gen -o -"
expect_rc 0
checks=$((checks + 1))
[ ! -e "$WORK/-" ] || fail "gen -o - created a file named -"
gen_file file.bin --kind tcp4-pid --rows 2 --seed 1
expect_same_file "$WORK/file.bin" "$WORK/stdout.bin" "gen -o - and gen -o FILE"

# File names are shown escaped: a newline in a name cannot forge a second line.
forged=$WORK/$'x\nmibtcp dump: forged'
cp "$WORK/t.bin" "$forged"
run check "$forged"
expect_rc 0
expect_out_lacks '^mibtcp dump: forged'
expect_out_matches 'x\\nmibtcp dump: forged: tcp4-module'
run dump --kind tcp6-module "$forged"
expect_invalid_table 'x\\nmibtcp dump: forged: invalid tcp6-module table'
run detect "$forged"
expect_out_lines 16 # the verdict, the column header and the 14 kinds
expect_out_matches '^/.*x\\nmibtcp dump: forged: 808 bytes: decided'

# ---- rows 4 and 5: bounded memory and time on unbounded and huge inputs ----
# measured RSS-LIMIT-KIB ARGS...: run the tool (stdin: $STDIN or /dev/null), with
# its peak resident memory checked (not under sanitizers, whose shadow memory counts).
cat >"$WORK/measure.py" <<'PY'
import os, resource, subprocess, sys
limit_kib, args = int(sys.argv[1]), sys.argv[2:]
stdin = open(os.environ.get("STDIN", "/dev/null"), "rb")
p = subprocess.run(args, stdin=stdin, stdout=open(os.environ["OUT"], "wb"), stderr=open(os.environ["ERR"], "wb"))
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
if not os.environ.get("SANITIZED") and peak > limit_kib:
    print("peak resident memory %d KiB > %d KiB" % (peak, limit_kib))
    sys.exit(200)
sys.exit(p.returncode)
PY
measured() {
    local limit=$1
    shift
    last="mibtcp $* < ${STDIN:-/dev/null} (peak memory under $limit KiB)"
    OUT=$OUT ERR=$ERR SANITIZED=$sanitized "$PYTHON" "$WORK/measure.py" "$limit" "$MIBTCP" "$@" >"$WORK/measure.out"
    rc=$?
    [ "$rc" -ne 200 ] || fail "$(cat "$WORK/measure.out")"
}
stream_stops() { # what an endless raw stream ends with
    expect_rc 2
    expect_out_empty
    expect_err_lines 1
    expect_err_matches "$1"
}
for command in dump detect check; do
    measured 65536 "$command" /dev/zero
    stream_stops "^mibtcp $command: /dev/zero: the stream goes on past 1048584 bytes, the most a table of any kind with dwNumEntries 0 spans, 1 MiB of trailing bytes included; the rest was not read"
    [ "$command" = detect ] && continue # detect weighs every kind
    STDIN=/dev/zero measured 65536 "$command" --kind tcp4-pid -
    stream_stops "^mibtcp $command: <stdin>: the stream goes on past 1048580 bytes, the most a table of tcp4-pid"
done
# an endless pipe whose count ("y\ny\n") promises 33 GB: 256 MiB at most
cat >"$WORK/endless.py" <<'PY'
import sys
line = b"y\n" * 32768
try:
    while True:
        sys.stdout.buffer.write(line)
except BrokenPipeError:
    pass
PY
mkfifo "$WORK/endless"
"$PYTHON" "$WORK/endless.py" >"$WORK/endless" 2>/dev/null &
STDIN=$WORK/endless measured 300000 dump -
wait
stream_stops "^mibtcp dump: <stdin>: the stream goes on past 268435456 bytes, the most read from a stream \(256 MiB; dwNumEntries 175704697 promises more\)"
last="yes 00 | mibtcp check --hex -"
yes 00 | "$MIBTCP" check --hex - >"$OUT" 2>"$ERR"
rc=$?
stream_stops "^mibtcp check: <stdin>: the stream goes on past 268435456 bytes, the most hex text read from a stream \(256 MiB\); the rest was not read \(save the text to a file\)$"
# The bound itself: a tcp4-pid table of 0 rows reaches 4 + 1 MiB bytes; a byte more is refused.
head -c 1048580 /dev/zero >"$WORK/at-bound"
head -c 1048581 /dev/zero >"$WORK/past-bound"
last="cat at-bound | mibtcp check --kind tcp4-pid -"
cat "$WORK/at-bound" | "$MIBTCP" check --kind tcp4-pid - >"$OUT" 2>"$ERR"
rc=$?
expect_rc 0
expect_out_matches "tcp4-pid \(lenient\), 1048580 bytes: VALID, 0 rows"
last="cat past-bound | mibtcp check --kind tcp4-pid -"
cat "$WORK/past-bound" | "$MIBTCP" check --kind tcp4-pid - >"$OUT" 2>"$ERR"
rc=$?
stream_stops "the stream goes on past 1048580 bytes"
# A table with its trailing bytes from a pipe, and --length still reads what it is told.
last="cat t.bin at-bound | mibtcp dump --format jsonl -"
cat "$WORK/t.bin" "$WORK/at-bound" | "$MIBTCP" dump --format jsonl - >"$OUT" 2>"$ERR"
rc=$?
expect_rc 0
expect_out_lines 5
last="head -c 3000000 /dev/zero | mibtcp check --kind tcp4-pid --length 2000000 -"
head -c 3000000 /dev/zero | "$MIBTCP" check --kind tcp4-pid --length 2000000 - >"$OUT" 2>"$ERR"
rc=$?
expect_rc 0 # a 0-row table and its trailing bytes
checks=$((checks + 1))
grep -q "stream goes on" "$ERR" && fail "--length was not honoured on a stream"

# --kind auto on a 2 GiB sparse image: the kind is weighed over a bounded
# prefix (the most a table with its dwNumEntries reaches), said on stderr.
image=$WORK/sparse.img
if truncate -s 2G "$image" 2>/dev/null && [ "$(getconf LONG_BIT)" -ge 64 ]; then
    for command in check detect dump; do
        measured 65536 "$command" "$image"
        expect_rc 1
        expect_err_matches "^mibtcp $command: .*sparse.img: the kind was weighed over the first 1048584 of 2147483648 bytes \(the most a table with this dwNumEntries reaches, 1 MiB of trailing bytes included\); the other 2146435064 bytes were not weighed: to find tables inside a memory image, use 'mibtcp carve'$"
    done
    # a count that promises more than 64 MiB: at most 64 MiB weighed
    printf '\377\377\377\377' | dd of="$image" conv=notrunc status=none
    measured 200000 check "$image"
    expect_rc 1
    expect_err_matches "weighed over the first 67108864 of 2147483648 bytes \(the most --kind auto weighs, 64 MiB\)"
    # a table at the start is still decided, and validated over the whole file
    dd if="$WORK/t.bin" of="$image" conv=notrunc status=none
    measured 65536 check "$image"
    expect_rc 0
    expect_err_matches "detected tcp4-module"
    expect_out_matches "tcp4-module \(lenient\), 2147483648 bytes: VALID, 5 rows"
else
    skip_note "no 2 GiB sparse file here (or a 32-bit host)"
fi
rm -f "$image"
finish
