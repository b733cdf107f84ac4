#!/bin/bash
# No super-linear path: every hex style the parser accepts (long lines and
# many lines), detect, check (--kind auto and a given kind) and carve are fed
# inputs of 1x, 4x and 16x a base size, ordinary and hostile (zeros, one row
# repeated, a huge dwNumEntries, random bytes), and the work each run does is
# counted as instructions by valgrind's callgrind, which is exact and does not
# depend on the machine's load (wall-clock or CPU time on a shared 2-core CI
# machine varies by more than the factors compared here). A fixed start-up
# cost cancels in the growth ratio (I16 - I4) / (I4 - I1): 4 for linear work,
# about 4.5 for n log n, 16 for quadratic. The test fails above 8.
# usage: cli_growth.sh MIBTCP [SANITIZED]  (sanitizer runtimes do not run
# under valgrind: skipped there, the release build runs it)
. "$(dirname "$0")/cli_lib.sh"
need_python
sanitized=${2:-}
if [ -n "$sanitized" ]; then
    echo "SKIP: a sanitizer build cannot run under valgrind (the release build runs this test)" >&2
    exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind not found (see the README's install command)" >&2
    exit 77
fi

# instructions STDIN ARGS...: the instructions the tool executes land in $count, its exit status in $rc.
instructions() {
    local log=$WORK/callgrind.log input=$1
    shift
    last="valgrind --tool=callgrind mibtcp $* < $input"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" \
        "$MIBTCP" "$@" <"$input" >/dev/null 2>"$WORK/tool.err"
    rc=$?
    count=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$log")
}

# grows NAME EXPECTED-RC ARGS-WITH-@SIZE@...: runs the command three times, @SIZE@
# in an argument (and in $INPUT, its standard input) becoming 1, 4 and 16, and
# checks the growth.
grows() {
    local name=$1 want_rc=$2
    shift 2
    local counts=() size arg args
    for size in 1 4 16; do
        args=()
        for arg in "$@"; do args+=("${arg//@SIZE@/$size}"); done
        local input=${INPUT:-/dev/null}
        instructions "${input//@SIZE@/$size}" "${args[@]}"
        counts+=("$count")
        checks=$((checks + 1))
        if [ "$rc" -ne "$want_rc" ]; then
            fail "$name x$size: exit status $rc, expected $want_rc ($(head -c 200 "$WORK/tool.err"))"
            return
        fi
        if [ -z "${counts[-1]}" ]; then
            fail "$name x$size: callgrind gave no count"
            return
        fi
    done
    checks=$((checks + 1))
    local verdict
    verdict=$("$PYTHON" - "${counts[@]}" <<'PY'
import sys
i1, i4, i16 = map(int, sys.argv[1:])
step = max(i4 - i1, i1 // 100, 1)  # a cost that does not grow at all is linear too
ratio = (i16 - i4) / step
print(("ok" if ratio <= 8 else "SUPERLINEAR") + " growth %.1f (instructions %d, %d, %d)" % (ratio, i1, i4, i16))
PY
)
    printf '%-34s %s\n' "$name" "$verdict"
    case $verdict in ok*) ;; *) fail "$name: cost grows faster than linearly: $verdict" ;; esac
}

# ---- inputs ----
# Tables from gen (the base: 24 tcp4-module rows, 3.8 KiB), hex text of
# smaller ones (6 rows: a quadratic parser still shows, and finishes) in every
# style, written by the real tools where there are ones (xxd, od, hexdump) and
# by build.py for WinDbg and the long-line forms.
for size in 1 4 16; do
    gen_file "hex.$size" --kind tcp4-module --rows $((6 * size)) --seed 3
    gen_file "table.$size" --kind tcp4-module --rows $((24 * size)) --seed 3
    gen_file "udp.$size" --kind udp4-basic --rows $((200 * size)) --seed 3
done
cat >"$WORK/build.py" <<'PY'
import os, random, struct, sys
work = sys.argv[1]
def out(name, data):
    open(os.path.join(work, name), "wb" if isinstance(data, bytes) else "w").write(data)

def windbg_db(b, base):  # 00000000`0012f000  03 00 00 00-00 00 00 00 ...  ascii
    lines = []
    for at in range(0, len(b), 16):
        row = b[at:at + 16]
        cells = " ".join("%02x" % x for x in row[:8])
        if len(row) > 8:
            cells += "-" + " ".join("%02x" % x for x in row[8:])
        a = base + at
        text = "".join(chr(x) if 0x20 <= x < 0x7f else "." for x in row)
        lines.append("%08x`%08x  %-48s  %s" % (a >> 32, a & 0xffffffff, cells, text))
    return "\n".join(lines) + "\n"

def words(b, width):
    b = b + bytes(-len(b) % width)
    return [int.from_bytes(b[i:i + width], "little") for i in range(0, len(b), width)]

def windbg_dd(b, base, per_line, gap):  # 0012f000  00000003 00000000 ... (32-bit address)
    ws, lines = words(b, 4), []
    for i in range(0, len(ws), per_line):
        lines.append("%08x  %s" % (base + 4 * i, gap.join("%08x" % w for w in ws[i:i + per_line])))
    return "\n".join(lines) + "\n"

def windbg_dq(b, base):  # 00000000`0012f000  00000000`00000003 ...
    ws, lines = words(b, 8), []
    for i in range(0, len(ws), 2):
        a = base + 8 * i
        lines.append("%08x`%08x  %s" % (a >> 32, a & 0xffffffff,
                     " ".join("%08x`%08x" % (w >> 32, w & 0xffffffff) for w in ws[i:i + 2])))
    return "\n".join(lines) + "\n"

rnd = random.Random(5)
for size in (1, 4, 16):
    b = open(os.path.join(work, "hex.%d" % size), "rb").read()
    # The data only pads to whole words; the table's own length is checked by --length.
    out("plain-run.%d" % size, b.hex() + "\n")  # xxd -p without line breaks: one group
    out("list-0x.%d" % size, ", ".join("0x%02x" % x for x in b) + "\n")  # one long line
    out("list-semicolon.%d" % size, ";".join("%02X" % x for x in b) + "\n")
    out("windbg-db.%d" % size, windbg_db(b, 0x12f000))
    out("windbg-dd.%d" % size, windbg_dd(b, 0x12f000, 4, " "))
    # all words but one on a line, two blanks between them (the next line confirms the address)
    out("windbg-dd-long-line.%d" % size, windbg_dd(b, 0x12f000, len(b) // 4 - 1, "  "))
    out("windbg-dq.%d" % size, windbg_dq(b, 0x12f000))
    # hostile text: one line of single-digit bytes, of blanks, of xxd groups
    # with two blanks between them (each gap is asked whether the ASCII column starts)
    out("hostile-single-digits.%d" % size, ",".join("%x" % (x & 15) for x in b) + "\n")
    out("hostile-blanks.%d" % size, "03" + " " * (4 * len(b)) + "04\n")
    out("hostile-xxd-gaps.%d" % size, "00000000: " + "  ".join(b[i:i + 2].hex() for i in range(0, len(b), 2)) + "\n")
    n = 4096 * size  # hostile: zeros, one repeated row, a huge count, noise
    out("zeros.%d" % size, bytes(n))
    row = open(os.path.join(work, "table.1"), "rb").read()[8:8 + 160]
    out("repeated.%d" % size, struct.pack("<II", 24 * size, 0) + row * (24 * size))
    out("huge-count.%d" % size, struct.pack("<II", 0xFFFFFFFF, 0) + row * (24 * size))
    out("noise.%d" % size, rnd.randbytes(n))
    # carve: tables planted in noise, and one run of a repeated row, from
    # 1 MiB: --jobs 1 splits an image into at most 4 tasks of at least 1 MiB,
    # and a task follows a run open at its end to the run's end, so a run as
    # long as the image costs up to 4 passes however large the image is.
    img = bytearray(rnd.randbytes(1024 * 1024 * size))
    t = open(os.path.join(work, "table.1"), "rb").read()
    for at in range(4096, len(img) - len(t), 64 * 1024):
        img[at:at + len(t)] = t
    out("image.%d" % size, bytes(img))
    out("image-repeated.%d" % size, row * (6554 * size))
PY
"$PYTHON" "$WORK/build.py" "$WORK" || { fail "build.py failed"; finish; }
# The real tools' output where they are installed (od is coreutils; xxd and
# hexdump are not everywhere: their styles are then left out, said on stderr).
styles="plain-run list-0x list-semicolon list-od-noaddr od-tx1 od-tx2 od-tx4 od-tx8 windbg-db windbg-dd"
styles="$styles windbg-dd-long-line windbg-dq"
command -v xxd >/dev/null 2>&1 && styles="$styles xxd-p xxd xxd-e xxd-g4 xxd-wide list-c" ||
    skip_note "xxd not installed: the xxd styles are not measured"
command -v hexdump >/dev/null 2>&1 && styles="$styles hexdump-C hexdump" ||
    skip_note "hexdump not installed: the hexdump styles are not measured"
for size in 1 4 16; do
    t=$WORK/hex.$size
    od -v -An -tx1 "$t" >"$WORK/list-od-noaddr.$size"
    od -v -tx1 "$t" >"$WORK/od-tx1.$size"
    od -v -tx2 -Ax "$t" >"$WORK/od-tx2.$size"
    od -v -tx4 "$t" >"$WORK/od-tx4.$size"
    od -v -tx8 -Ax "$t" >"$WORK/od-tx8.$size"
    case $styles in *xxd*)
        xxd -p "$t" >"$WORK/xxd-p.$size"
        xxd "$t" >"$WORK/xxd.$size"
        xxd -e "$t" >"$WORK/xxd-e.$size"
        xxd -g4 "$t" >"$WORK/xxd-g4.$size"
        xxd -c 256 "$t" >"$WORK/xxd-wide.$size"
        xxd -i "$t" | sed -n 's/^ *\(0x.*\)/\1/p' | tr -d '}' >"$WORK/list-c.$size"
        ;;
    esac
    case $styles in *hexdump*)
        hexdump -C -v "$t" >"$WORK/hexdump-C.$size"
        hexdump -v "$t" >"$WORK/hexdump.$size"
        ;;
    esac
done

# ---- the hex parser, every style: check --hex decodes, then validates ----
for style in $styles; do
    grows "hex $style" 0 check --hex --kind tcp4-module "$WORK/$style.@SIZE@"
done
for hostile in single-digits blanks xxd-gaps; do # decoded whole, then an empty slice: exit 1
    grows "hex $hostile" 1 check --hex --kind tcp4-module --length 0 "$WORK/hostile-$hostile.@SIZE@"
done
INPUT=$WORK/od-tx2.@SIZE@
grows "hex od -tx2 on stdin" 0 check --hex --kind tcp4-module -
unset INPUT

# ---- detect, check, carve ----
grows "detect table" 0 detect "$WORK/table.@SIZE@"
grows "detect udp4-basic table" 0 detect "$WORK/udp.@SIZE@"
grows "detect zeros" 1 detect "$WORK/zeros.@SIZE@"
grows "detect repeated row" 1 detect "$WORK/repeated.@SIZE@"
grows "detect huge count" 1 detect "$WORK/huge-count.@SIZE@"
grows "detect noise" 1 detect "$WORK/noise.@SIZE@"
grows "detect --format json" 0 detect --format json "$WORK/table.@SIZE@"
grows "check auto table" 0 check "$WORK/table.@SIZE@"
grows "check auto repeated row" 1 check "$WORK/repeated.@SIZE@"
grows "check auto noise" 1 check "$WORK/noise.@SIZE@"
grows "check --kind noise" 1 check --kind tcp6-module "$WORK/noise.@SIZE@"
grows "check --kind huge count" 1 check --kind tcp4-module "$WORK/huge-count.@SIZE@"
grows "check --strict --format json" 0 check --strict --format json --kind tcp4-module "$WORK/table.@SIZE@"
grows "dump table" 0 dump --kind tcp4-module "$WORK/table.@SIZE@"
grows "carve image" 0 carve --jobs 1 "$WORK/image.@SIZE@"
grows "carve image --align 1" 0 carve --jobs 1 --align 1 "$WORK/image.@SIZE@"
grows "carve repeated rows" 0 carve --jobs 1 "$WORK/image-repeated.@SIZE@"
grows "carve zeros" 0 carve --jobs 1 "$WORK/zeros.@SIZE@"
grows "carve --rows" 0 carve --jobs 1 --rows "$WORK/image.@SIZE@"
INPUT=$WORK/image.@SIZE@
grows "carve stdin" 0 carve --jobs 1 -
unset INPUT
finish
