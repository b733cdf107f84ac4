#!/bin/bash
# Carving throughput, recall and false hits on a >= 1 GiB image, with ratios
# against a plain read (cat) of the same warm file and YARA, all in one run.
# Not run by ctest (it takes minutes and needs GiBs of disk).
#
#   bench/carve_bench.sh MIBTCP [WORKDIR] [MIB_PER_REGION]
#
# The image: four regions of MIB_PER_REGION MiB each (default 256: 1 GiB in
# all) of random bytes, English-like text, ELF binaries of this system and
# zeros, with gen tables of every kind planted in each region at 4-aligned
# offsets. Reported: the best of 3 runs of cat, carve --jobs 1, --jobs 2 and
# the default --jobs; YARA (one run) with a rule for two consecutive
# tcp4-module rows; recall (planted tables found with exact offset, kind,
# rows and header) and false hits per GiB per region; and the false hits in a
# real process memory image (the readable mappings of a python3 process).
set -eu
MIBTCP=$(realpath "${1:?usage: $0 MIBTCP [WORKDIR] [MIB_PER_REGION]}")
WORK=${2:-$(mktemp -d /tmp/carve-bench.XXXXXX)}
MIB=${3:-256}
mkdir -p "$WORK"
cd "$WORK"

python3 - "$MIBTCP" "$MIB" <<'PY'
import glob, json, os, random, subprocess, sys
mibtcp, mib = sys.argv[1], int(sys.argv[2])
region = mib << 20
rnd = random.Random(2024)
kinds = ["tcp4-module", "tcp6-module", "tcp4-pid", "tcp6-pid", "tcp4-basic", "tcp6-basic", "tcp4-row2",
         "tcp6-row2", "udp4-module", "udp6-module", "udp4-pid", "udp6-pid", "udp4-basic", "udp6-basic"]
tables = {k: subprocess.run([mibtcp, "gen", "--kind", k, "--rows", "30", "--seed", "11"], check=True,
                            capture_output=True).stdout for k in kinds}

def text(n):
    words = ("the of and to in is that for it as was with be by on not he this are or his from at which but "
             "have an they you were her she there been one all we their can has more if no out so said what up "
             "its about into than them only other new some could time these two may first then do any like my "
             "now over such our man me even most made after also did many before must through back years where "
             "much your way well down should because each just those people how too little state good very make "
             "world still own see men work long get here between both life being under never day same another "
             "know while last might us great old year off come since against go came right used take three").split()
    out, size = [], 0
    while size < n:
        line = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 16))).capitalize() + ".\n"
        out.append(line)
        size += len(line)
    return "".join(out).encode()[:n]

def elf(n):
    out, size = [], 0
    files = sorted(f for f in glob.glob("/usr/lib/x86_64-linux-gnu/*.so*") + glob.glob("/usr/bin/*")
                   if os.path.isfile(f) and open(f, "rb").read(4) == b"\x7fELF")
    for f in files:
        b = open(f, "rb").read()
        out.append(b)
        size += len(b)
        if size >= n:
            break
    return b"".join(out)[:n]

def random_bytes(n):
    return b"".join(rnd.randbytes(min(1 << 24, n - i)) for i in range(0, n, 1 << 24))

def repeated(make, n, unit=16 << 20):
    # Text and ELF regions repeat a unit: the scan sees the same bytes again, which is all it needs.
    block = make(min(unit, n))
    return (block * (n // len(block) + 1))[:n]

regions = [("random", random_bytes), ("text", lambda n: repeated(text, n)), ("elf", lambda n: repeated(elf, n, 256 << 20)),
           ("zeros", lambda n: bytes(n))]
planted = []
with open("image.bin", "wb") as img:
    for i, (name, make) in enumerate(regions):
        data = bytearray(make(region))
        for j, k in enumerate(kinds):
            at = (region // len(kinds) * j + rnd.randrange(0, 1 << 16)) // 4 * 4
            data[at:at + len(tables[k])] = tables[k]
            planted.append({"offset": i * region + at, "kind": k, "rows": 30, "header": True, "region": name})
        img.write(data)
json.dump({"region": region, "names": [r[0] for r in regions], "planted": planted}, open("planted.json", "w"))
PY

# A real process image: the readable mappings of a python3 process that has imported a good part of its library.
python3 - <<'PY'
import re, subprocess, sys
code = ("import json,decimal,email,http.client,sqlite3,ssl,xml.dom.minidom,asyncio,unittest,argparse,socket,sys;"
        "ctx=ssl.create_default_context();d=[{'k':i,'v':str(i)*3} for i in range(300000)];"
        "sys.stdout.write('ready\\n');sys.stdout.flush();sys.stdin.read()")
p = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdout.readline()
with open("process.img", "wb") as out, open(f"/proc/{p.pid}/maps") as maps, open(f"/proc/{p.pid}/mem", "rb", 0) as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+)", line)
        if m[3][0] != "r" or "[v" in line:
            continue
        try:
            mem.seek(int(m[1], 16))
            out.write(mem.read(int(m[2], 16) - int(m[1], 16)))
        except OSError:
            pass
p.stdin.close()
p.wait()
PY

cat >rule.yar <<'EOF_YARA'
rule tcp4_module_two_rows
{
    // state 1..12, ports with zero upper halves, module info words 1..15 zero: twice, 160 bytes apart
    strings:
        $rows = { ( 01 | 02 | 03 | 04 | 05 | 06 | 07 | 08 | 09 | 0A | 0B | 0C ) 00 00 00 [4] ?? ?? 00 00 [4] ?? ?? 00 00
                  [140]
                  ( 01 | 02 | 03 | 04 | 05 | 06 | 07 | 08 | 09 | 0A | 0B | 0C ) 00 00 00 [4] ?? ?? 00 00 [4] ?? ?? 00 00 }
    condition:
        $rows
}
EOF_YARA

# best N CMD...: the best wall time and the best CPU time (user + sys) of N
# runs, in seconds ("WALL CPU"); output discarded. On a shared machine the CPU
# time says what the work costs, the wall time what the machine allowed.
best() {
    local n=$1 wall=999999 cpu=999999
    shift
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %U %S" -o time.txt "$@" >/dev/null 2>&1 || true
        read -r w u s <time.txt
        wall=$(echo "$w $wall" | awk '{print ($1<$2)?$1:$2}')
        cpu=$(echo "$u $s $cpu" | awk '{c=$1+$2; print (c<$3)?c:$3}')
    done
    echo "$wall $cpu"
}

cat image.bin >/dev/null
size=$(stat -c %s image.bin)
t_cat=$(best 3 cat image.bin)
t_j1=$(best 3 "$MIBTCP" carve --jobs 1 --no-progress --format jsonl image.bin)
t_j2=$(best 3 "$MIBTCP" carve --jobs 2 --no-progress --format jsonl image.bin)
t_jd=$(best 3 "$MIBTCP" carve --no-progress --format jsonl image.bin)
t_yara=$(best 1 yara -f rule.yar image.bin)
"$MIBTCP" carve --no-progress --format jsonl image.bin >hits.jsonl
"$MIBTCP" carve --no-progress --format jsonl process.img >process-hits.jsonl

python3 - "$size" "$t_cat" "$t_j1" "$t_j2" "$t_jd" "$t_yara" "$(nproc)" "$(cat /proc/loadavg)" <<'PY'
import json, os, sys
size = int(sys.argv[1])
t_cat, t_j1, t_j2, t_jd, t_yara = ([float(x) for x in a.split()] for a in sys.argv[2:7])
cpus = sys.argv[7]
print(f"machine: {cpus} CPUs, load average {sys.argv[8]}")
gib = size / 2**30
meta = json.load(open("planted.json"))
hits = [json.loads(l) for l in open("hits.jsonl")]
key = lambda h: (h["offset"], h["kind"], h["rows"], h["header"])
found = {key(h) for h in hits}
planted = {key(p) for p in meta["planted"]}
print(f"image: {size} bytes ({gib:.2f} GiB): regions of {meta['region'] >> 20} MiB: {', '.join(meta['names'])}")
print(f"recall: {len(planted & found)} of {len(planted)} planted tables found exactly (offset, kind, rows, header)")
false = [h for h in hits if key(h) not in planted]
region_gib = meta["region"] / 2**30
for i, name in enumerate(meta["names"]):
    n = sum(1 for h in false if h["offset"] // meta["region"] == i)
    print(f"false hits in {name}: {n} ({n / region_gib:.2f} per GiB)")
proc = [json.loads(l) for l in open("process-hits.jsonl")]
psize = os.path.getsize("process.img")
print(f"false hits in process memory: {len(proc)} in {psize >> 20} MiB ({len(proc) / (psize / 2**30):.2f} per GiB)")
print(f"{'':17s} {'wall s':>8s} {'GB/s':>6s} {'x cat':>6s}   {'cpu s':>7s} {'GB/s':>6s}")
for name, (wall, cpu) in (("cat", t_cat), ("carve --jobs 1", t_j1), ("carve --jobs 2", t_j2),
                          (f"carve (jobs {cpus})", t_jd), ("yara", t_yara)):
    print(f"{name:17s} {wall:8.3f} {size / max(wall, 1e-3) / 1e9:6.2f} {wall / max(t_cat[0], 1e-3):6.1f}   "
          f"{cpu:7.3f} {size / max(cpu, 1e-3) / 1e9:6.2f}")
PY
