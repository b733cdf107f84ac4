#!/bin/bash
# mibtcp carve: gen tables of every kind planted into a random image are found
# at their offsets with the right kind, rows and header in every format; the
# output is the same for every --jobs, for stdin and for --range shards
# concatenated; --extract and --rows give back the tables; a minidump and a
# LiME file written here map hits to the va/pa of their ranges; malformed
# containers and bad options are one-line errors (exit 2).
. "$(dirname "$0")/cli_lib.sh"
need_python

kinds="tcp4-module tcp6-module tcp4-pid tcp6-pid tcp4-basic tcp6-basic tcp4-row2 tcp6-row2 udp4-module udp6-module udp4-pid udp6-pid udp4-basic udp6-basic"
mkdir "$WORK/tables"
for kind in $kinds; do gen_file "tables/$kind" --kind "$kind" --rows 40 --seed 7; done

# build.py writes the images and the hits expected in them (JSON: offset, kind, rows, header, va/pa).
cat >"$WORK/build.py" <<'PY'
import json, os, random, struct, sys
work, kinds = sys.argv[1], sys.argv[2].split()
rnd = random.Random(1)
tables = {k: open(os.path.join(work, "tables", k), "rb").read() for k in kinds}

def plant(size, first, gap):
    img = bytearray(rnd.randbytes(size))
    expected, at = [], first
    for k in kinds:
        t = tables[k]
        img[at:at + len(t)] = t
        expected.append({"offset": at, "kind": k, "rows": 40, "header": True})
        at = (at + len(t) + gap + 3) // 4 * 4
    return img, expected

# A raw image: random bytes, tables at 4-aligned offsets spread over 3 MiB.
img, expected = plant(3 << 20, 4096 + 12, 150000)
open(os.path.join(work, "raw.img"), "wb").write(img)
json.dump(expected, open(os.path.join(work, "raw.expected"), "w"))

# A minidump: a MemoryListStream of two ranges and a Memory64ListStream of
# two; the tables lie in the third range (va 0x7ff6a0000000).
def minidump():
    ranges = [(0x10000, rnd.randbytes((5000))),
              (0x20000000, rnd.randbytes((3000)))]
    body, exp = plant(200000, 1000, 500)
    ranges64 = [(0x7FF6A0000000, bytes(body)), (0x7FF6B0000000, rnd.randbytes((7000)))]
    header_size, dir_at = 32, 32
    mem_list_at = dir_at + 2 * 12
    mem_list = struct.pack("<I", len(ranges))
    data_at = mem_list_at + 4 + 16 * len(ranges)
    mem64_at = data_at + sum(len(d) for _, d in ranges)
    mem64 = struct.pack("<QQ", len(ranges64), mem64_at + 16 + 16 * len(ranges64))
    datas, at = b"", data_at
    for va, d in ranges:
        mem_list += struct.pack("<QII", va, len(d), at)
        datas += d
        at += len(d)
    for va, d in ranges64:
        mem64 += struct.pack("<QQ", va, len(d))
    base64 = mem64_at + len(mem64)
    head = struct.pack("<IIIIIIQ", 0x504D444D, 0xA793, 2, dir_at, 0, 0, 0)
    directory = struct.pack("<III", 5, len(mem_list), mem_list_at) + struct.pack("<III", 9, len(mem64), mem64_at)
    out = head + directory + mem_list + datas + mem64 + b"".join(d for _, d in ranges64)
    for e in exp:
        e["va"] = str(0x7FF6A0000000 + e["offset"])  # an address: a JSON string of digits
        e["offset"] += base64
    return out, exp

dump, exp = minidump()
open(os.path.join(work, "mini.dmp"), "wb").write(dump)
json.dump(exp, open(os.path.join(work, "mini.expected"), "w"))
bad = bytearray(dump)
struct.pack_into("<I", bad, 32 + 12 + 4, 0x7FFFFFF0)  # Memory64ListStream size: past the end
open(os.path.join(work, "bad.dmp"), "wb").write(bad)

# A LiME file: two ranges, the tables in the second (pa 0x100000).
body, exp = plant(200000, 1000, 500)
first = rnd.randbytes((4096))
lime = struct.pack("<IIQQQ", 0x4C694D45, 1, 0x1000, 0x1000 + len(first) - 1, 0) + first
lime += struct.pack("<IIQQQ", 0x4C694D45, 1, 0x100000, 0x100000 + len(body) - 1, 0) + bytes(body)
for e in exp:
    e["pa"] = str(0x100000 + e["offset"])
    e["offset"] += 2 * 32 + len(first)
open(os.path.join(work, "mem.lime"), "wb").write(lime)
json.dump(exp, open(os.path.join(work, "mem.expected"), "w"))
open(os.path.join(work, "bad.lime"), "wb").write(lime[:-10])
PY
checks=$((checks + 1))
"$PYTHON" "$WORK/build.py" "$WORK" "$kinds" || fail "could not build the images"

# check.py JSONL EXPECTED: the hits are exactly the expected ones, in offset order.
cat >"$WORK/check.py" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = json.load(open(sys.argv[2]))
keys = ["offset", "kind", "rows", "length", "header", "confidence", "valid", "page_truncated", "page_start", "score"]
for h in got:
    assert all(k in h for k in keys), h
    assert 0 <= h["confidence"] <= 100 and h["valid"] is True and h["page_truncated"] is False, h
pick = lambda h: {k: h[k] for k in want[0]} if want else h
assert [pick(h) for h in got] == want, ([pick(h) for h in got], want)
PY
expect_hits() { # FILE EXPECTED [ARGS...]
    local file=$1 expected=$2
    shift 2
    run carve --format jsonl "$@" "$file"
    expect_rc 0
    expect_err_empty
    py_check "$OUT" "$expected" <"$WORK/check.py"
}

expect_hits "$WORK/raw.img" "$WORK/raw.expected"
cp "$OUT" "$WORK/one.jsonl"
for jobs in 1 2 3 8; do
    run carve --format jsonl --jobs "$jobs" "$WORK/raw.img"
    expect_same_file "$OUT" "$WORK/one.jsonl" "--jobs $jobs"
done
run_in "$WORK/raw.img" carve --format jsonl -
expect_rc 0
expect_same_file "$OUT" "$WORK/one.jsonl" "stdin"

# Shards that cut through tables concatenate to the one-pass output, from a file and from stdin.
: >"$WORK/shards.jsonl"
: >"$WORK/stdin-shards.jsonl"
size=$(wc -c <"$WORK/raw.img")
start=0
for length in 150001 4093 600000 1 1000000 99999999; do
    run carve --format jsonl --range "$start:$length" "$WORK/raw.img"
    cat "$OUT" >>"$WORK/shards.jsonl"
    run_in "$WORK/raw.img" carve --format jsonl --range "$start:$length" -
    cat "$OUT" >>"$WORK/stdin-shards.jsonl"
    start=$((start + length))
done
expect_same_file "$WORK/shards.jsonl" "$WORK/one.jsonl" "--range shards"
expect_same_file "$WORK/stdin-shards.jsonl" "$WORK/one.jsonl" "--range shards of stdin"

# A shard that starts inside a long run of candidates sees that run from its
# true first row, however far back: read from near the shard's start, the run
# would begin a few rows before a count inside it (one that ends the run
# exactly over 50 rows, as many as the structure decides with) and report a
# table the one pass never reports. 100 tcp4-module rows of content no
# Windows writes; the count before row 50.
"$PYTHON" - "$WORK/long-run.img" <<'PY'
import random, struct, sys
rnd = random.Random(3)
img = bytearray(256 * 1024)
first = 65536
for i in range(100):
    row = bytearray(rnd.randbytes(160))
    struct.pack_into("<IIIIII", row, 0, 2, 0xFF0201EF, ((i % 250) + 1) << 8, 0xFF0201EF, 1 << 8,
                     (0x9E3779B9 * (i + 1)) & 0xFFFFFFFF)
    img[first + 160 * i:first + 160 * (i + 1)] = row
struct.pack_into("<II", img, first + 160 * 50 - 8, 50, 0)
open(sys.argv[1], "wb").write(img)
PY
run carve --format jsonl "$WORK/long-run.img"
expect_rc 0
cp "$OUT" "$WORK/long-run.jsonl"
split=$((65536 + 160 * 50 - 8 - 20))
: >"$WORK/long-run-shards.jsonl"
for range in "0:$split" "$split:300000"; do
    run carve --format jsonl --range "$range" "$WORK/long-run.img"
    expect_rc 0
    cat "$OUT" >>"$WORK/long-run-shards.jsonl"
done
expect_same_file "$WORK/long-run-shards.jsonl" "$WORK/long-run.jsonl" "--range shards inside a long run"

run carve --format csv "$WORK/raw.img"
expect_rc 0
expect_out_lines 15
expect_out_matches '^offset,kind,rows,length,header,confidence,valid,page_truncated,page_start,score'
run carve "$WORK/raw.img"
expect_out_matches '^14 hits$'
run carve --kind tcp4-pid,udp6-basic --format csv "$WORK/raw.img"
expect_out_lines 3

# --rows: every row of every table, each naming its table.
run carve --rows "$WORK/raw.img"
expect_rc 0
expect_out_lines $((14 * 40))
py_check "$OUT" "$WORK/raw.expected" <<'PY'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1])]
per_table = collections.Counter((r["table_offset"], r["kind"]) for r in rows)
want = {(e["offset"], e["kind"]): e["rows"] for e in json.load(open(sys.argv[2]))}
assert per_table == want, (per_table, want)
PY

# --extract: the tables' exact bytes, which dump decodes.
mkdir "$WORK/out"
run carve --extract "$WORK/out" --kind tcp6-row2 "$WORK/raw.img"
expect_rc 0
offset=$("$PYTHON" -c 'import json,sys; print([e["offset"] for e in json.load(open(sys.argv[1])) if e["kind"]=="tcp6-row2"][0])' "$WORK/raw.expected")
extracted=$(printf '%s/%016x_tcp6-row2.bin' "$WORK/out" "$offset")
expect_same_file "$extracted" "$WORK/tables/tcp6-row2" "extracted table"
run dump --kind tcp6-row2 --format jsonl "$extracted"
expect_rc 0
expect_out_lines 40

# Containers: hits carry the va / pa of their range and file offsets.
expect_hits "$WORK/mini.dmp" "$WORK/mini.expected"
expect_hits "$WORK/mini.dmp" "$WORK/mini.expected" --jobs 3
expect_hits "$WORK/mem.lime" "$WORK/mem.expected"
run carve "$WORK/bad.dmp"
expect_usage_error 'malformed minidump: .*outside the file'
run carve "$WORK/bad.lime"
expect_usage_error 'malformed LiME file: .*past the end'
# The same containers on standard input: the same hits, read once, forward.
for container in mini.dmp mem.lime; do
    run carve --format jsonl "$WORK/$container"
    cp "$OUT" "$WORK/file.jsonl"
    run_in "$WORK/$container" carve --format jsonl -
    expect_rc 0
    expect_err_empty
    expect_same_file "$OUT" "$WORK/file.jsonl" "$container on stdin"
done
run_in "$WORK/mini.dmp" carve --rows -
expect_rc 0
expect_out_matches '"table_offset"'
run_in "$WORK/bad.lime" carve -
expect_usage_error '<stdin>: malformed LiME file: .*past the end of the input'
"$PYTHON" - "$WORK" <<'PY'
import os, struct, sys
work = sys.argv[1]
dump = open(os.path.join(work, "mini.dmp"), "rb").read()
open(os.path.join(work, "cut.dmp"), "wb").write(dump[:len(dump) - 1000])  # the last range cut short
open(os.path.join(work, "head.dmp"), "wb").write(dump[:40])                # inside the directory
# A MemoryListStream range that points into the Memory64 data: in a file
# two views of the same bytes, in a stream bytes read twice.
over = bytearray(dump)
mem64_at = struct.unpack_from("<I", over, 32 + 12 + 8)[0]
base64 = struct.unpack_from("<Q", over, mem64_at + 8)[0]
struct.pack_into("<I", over, 32 + 24 + 4 + 16 + 12, base64)  # the second MemoryList range's RVA
open(os.path.join(work, "overlap.dmp"), "wb").write(over)
PY
run_in "$WORK/cut.dmp" carve -
expect_usage_error '<stdin>: malformed minidump: .*past the end of the input'
run_in "$WORK/head.dmp" carve -
expect_usage_error '<stdin>: malformed minidump: stream directory lies outside the file'
run_in "$WORK/bad.dmp" carve -
expect_usage_error '<stdin>: malformed minidump: .*outside the file'
run_in "$WORK/overlap.dmp" carve --format jsonl -
expect_usage_error '<stdin>: malformed minidump: memory ranges overlap'
run_in "$WORK/mini.dmp" carve --container raw --format jsonl -
expect_rc 0
expect_out_lacks '"va"'
run carve --container raw --format jsonl "$WORK/bad.dmp"
expect_rc 0
expect_out_lines 14
expect_out_lacks '"va"'

# A file truncated while the worker threads scan it: their reads fault
# (SIGBUS, delivered to the faulting thread), and carve ends with one I/O
# error line and exit 2, not a crash. A sparse 16 GiB file of zeros keeps
# the threads busy for seconds; it shrinks once they have mapped it.
image="$WORK/shrinking.img"
if truncate -s 16G "$image" 2>/dev/null; then
    last="mibtcp carve --jobs 2 shrinking.img (truncated while scanned)"
    "$MIBTCP" carve --jobs 2 --no-progress "$image" >"$OUT" 2>"$ERR" &
    pid=$!
    for _ in $(seq 100); do
        grep -q 'shrinking\.img' "/proc/$pid/maps" 2>/dev/null && break
        sleep 0.05
    done
    truncate -s 0 "$image"
    wait "$pid"
    rc=$?
    expect_rc 2
    expect_out_empty
    expect_err_lines 1
    expect_err_matches '^mibtcp carve: .*shrinking\.img: I/O error: the file shrank while being read$'
fi
rm -f "$image"

# Usage and I/O errors.
run carve --kind nosuch "$WORK/raw.img"
expect_usage_error '^mibtcp carve: --kind needs table kinds separated by commas: nosuch '
run carve --align 0 "$WORK/raw.img"
expect_usage_error '--align needs a number'
run carve --jobs 0 "$WORK/raw.img"
expect_usage_error '--jobs needs a number'
run carve --range 12 "$WORK/raw.img"
expect_usage_error '--range needs START:LENGTH'
run carve --format xml "$WORK/raw.img"
expect_usage_error '^mibtcp carve: --format needs text, jsonl, csv, timesketch or bodyfile: xml '
run carve
expect_usage_error 'no input given'
run carve "$WORK/nonexistent"
expect_usage_error 'nonexistent'
run carve --extract "$WORK/nonexistent-dir" "$WORK/raw.img"
expect_rc 2
finish
