#!/bin/bash
# mibtcp connections and diff on tables built here byte by byte from the SDK's
# layouts (not by mibtcp gen): captures merge into the sockets written below,
# each with its sightings; the owner class of PIDs 0, 4, others and none;
# --processes in the three formats names the process and flags a reused PID;
# --services names a service tag; the same tables inside a raw image, one of
# them a stale copy with its dwNumEntries overwritten, give the same sockets
# with table and orphan sightings; diff says opened, closed and changed;
# JSON Lines and CSV read back with Python's json and csv.
. "$(dirname "$0")/cli_lib.sh"
need_python

cat >"$WORK/build.py" <<'PY'
import json, os, struct, sys
from datetime import datetime, timezone
work = sys.argv[1]
EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)

def filetime(text):
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int((t - EPOCH).total_seconds()) * 10**7

def ip4(text):
    return bytes(int(x) for x in text.split("."))

def port(p):  # the port DWORD: network order in the low 16 bits
    return struct.pack(">H", p) + b"\0\0"

ESTABLISHED, LISTEN, TIME_WAIT = 5, 2, 11
A = ("10.0.0.5", 49152, "93.184.216.34", 443)
B = ("0.0.0.0", 8080, "0.0.0.0", 0)
C = ("10.0.0.5", 49153, "1.2.3.4", 80)
E = ("10.0.0.5", 50000, "8.8.8.8", 53)
Z = ("10.0.0.5", 50001, "9.9.9.9", 853)
T_A, T_B = filetime("2024-05-01T10:05:00Z"), filetime("2024-05-01T09:00:00Z")

def ends(e):
    return ip4(e[0]) + port(e[1]) + ip4(e[2]) + port(e[3])

def tcp4_module(rows):  # MIB_TCPTABLE_OWNER_MODULE: count, 4 bytes of padding, 160-byte rows
    body = b"".join(struct.pack("<I", st) + ends(e) + struct.pack("<Iq", pid, created) + bytes(128)
                    for st, e, pid, created in rows)
    return struct.pack("<I", len(rows)) + bytes(4) + body

def tcp4_pid(rows):  # MIB_TCPTABLE_OWNER_PID: count, 24-byte rows
    return struct.pack("<I", len(rows)) + b"".join(struct.pack("<I", st) + ends(e) + struct.pack("<I", pid)
                                                   for st, e, pid in rows)

def tcp4_basic(rows):  # MIB_TCPTABLE: count, 20-byte rows
    return struct.pack("<I", len(rows)) + b"".join(struct.pack("<I", st) + ends(e) for st, e in rows)

def udp4_module(rows):  # MIB_UDPTABLE_OWNER_MODULE: count, padding, 160-byte rows: address, port, PID,
    # padding, liCreateTimestamp at 16, dwFlags at 24, padding, OwningModuleInfo at 32 ([0]: the service tag)
    body = b"".join(ip4(a) + port(p) + struct.pack("<I", pid) + bytes(4) + struct.pack("<q", created)
                    + struct.pack("<I", 0) + bytes(4) + struct.pack("<Q", tag) + bytes(120)
                    for a, p, pid, created, tag in rows)
    return struct.pack("<I", len(rows)) + bytes(4) + body

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(data)

module = tcp4_module([(ESTABLISHED, A, 1234, T_A), (LISTEN, B, 5678, T_B), (ESTABLISHED, C, 4, T_A)])
pid = tcp4_pid([(ESTABLISHED, A, 1234), (LISTEN, B, 5678)])
basic = tcp4_basic([(ESTABLISHED, A), (ESTABLISHED, E)])
udp = udp4_module([("0.0.0.0", 5353, 1234, T_A, 0x10)])
snap1 = os.path.join(work, "snap1")
write(os.path.join(snap1, "tcp4-module-all.bin"), module)
write(os.path.join(snap1, "tcp4-pid-all.bin"), pid)
write(os.path.join(snap1, "tcp4-basic-all.bin"), basic)
write(os.path.join(snap1, "udp4-module.bin"), udp)
# what mibtcp capture writes beside its tables: the time they were taken
write(os.path.join(snap1, "manifest.json"),
      json.dumps({"tool": "mibtcp capture", "version": "0.3.0", "host": "PC", "captured_utc": "2024-05-01T12:00:00Z",
                  "calls": []}).encode())
# The next snapshot: A went to TIME_WAIT (owned by PID 0), C and E closed, Z opened.
write(os.path.join(work, "snap2", "tcp4-pid-all.bin"),
      tcp4_pid([(TIME_WAIT, A, 0), (LISTEN, B, 5678), (ESTABLISHED, Z, 1234)]))
write(os.path.join(work, "snap2", "udp4-module.bin"), udp)

# A raw image: noise, the live module table, and a stale copy whose count a heap overwrote.
noise = bytes((i * 131 + 7) % 251 for i in range(4096))
stale = bytearray(module)
stale[0:4] = b"\xa0\xb0\xc0\xd0"
image = noise + module + noise[:1000] + bytes(4) + bytes(stale) + noise
write(os.path.join(work, "image.raw"), image)
write(os.path.join(work, "stale.raw"), noise + bytes(4) + bytes(stale) + noise)
json.dump({"live": 4096, "stale_rows": 4096 + len(module) + 1004 + 8}, open(os.path.join(work, "image.json"), "w"))

# A basic row (no PID) of A, A's row with PID 1234 in a table, and A's row in an orphan run whose PID a
# heap overwrote with a pointer: the basic row joins PID 1234's socket, the lone orphan row is a socket
# of its own (uncorroborated), not a second owner.
F, G, H, I = (("10.0.0.5", 50010 + i, "10.0.0.9", 445) for i in range(4))
junk_pid = tcp4_pid([(ESTABLISHED, A, 0x014A2278), (ESTABLISHED, F, 2000), (ESTABLISHED, G, 2004),
                     (ESTABLISHED, H, 2008), (ESTABLISHED, I, 2012)])[4:]
image = (noise + tcp4_pid([(ESTABLISHED, A, 1234), (LISTEN, B, 5678), (ESTABLISHED, C, 4)]) + noise[:1000] + tcp4_basic([(ESTABLISHED, A), (ESTABLISHED, E)])
         + noise[:1000] + b"\xef\xbe\xad\xde" + junk_pid + noise)
write(os.path.join(work, "overwritten.raw"), image)
# A's row with PID 1234 in two tables, and in a third table (its count intact) with a pointer for its
# PID: that one row is contested (uncorroborated), not a second owner the table vouches for.
pointer_pid = tcp4_pid([(ESTABLISHED, A, 0x014A2278), (ESTABLISHED, F, 2000), (ESTABLISHED, G, 2004),
                        (ESTABLISHED, H, 2008), (ESTABLISHED, I, 2012)])
image = (noise + tcp4_pid([(ESTABLISHED, A, 1234), (LISTEN, B, 5678), (ESTABLISHED, C, 4)]) + noise[:1000]
         + tcp4_pid([(ESTABLISHED, A, 1234), (LISTEN, B, 5678), (ESTABLISHED, E, 8)]) + noise[:1000]
         + pointer_pid + noise)
write(os.path.join(work, "contested.raw"), image)

# 300 sockets of the same endpoints and PID, told apart by their creation times only (more pairs than
# diff tries one by one): the next snapshot changes one creation time.
many = [(ESTABLISHED, A, 1234, T_A + i) for i in range(300)]
write(os.path.join(work, "many1", "tcp4-module.bin"), tcp4_module(many))
many[150] = (ESTABLISHED, A, 1234, T_A + 1000)
write(os.path.join(work, "many2", "tcp4-module.bin"), tcp4_module(many))

# Process lists: PID 1234 started before its sockets; PID 5678 after socket B was created (reused).
procs = [(4, "System", "2024-05-01T08:00:00+00:00"), (1234, "svchost.exe", "2024-05-01T10:00:00+00:00"),
         (5678, "evil.exe", "2024-05-01T10:30:00+00:00")]
json.dump([{"PID": p, "PPID": 4, "ImageFileName": n, "CreateTime": t, "ExitTime": None, "__children": []}
           for p, n, t in procs], open(os.path.join(work, "vol.json"), "w"))
with open(os.path.join(work, "velo.jsonl"), "w") as f:
    for p, n, t in procs:
        f.write(json.dumps({"Pid": p, "Ppid": 4, "Name": n, "CreateTime": t.replace("+00:00", "Z")}) + "\n")
with open(os.path.join(work, "tasklist.csv"), "w", newline="") as f:
    f.write('"Image Name","PID","Session Name","Session#","Mem Usage","Status","User Name","CPU Time","Window Title"\r\n')
    for p, n, _ in procs:
        f.write(f'"{n}","{p}","Services","0","1,024 K","Unknown","N/A","0:00:01","N/A"\r\n')
open(os.path.join(work, "services.csv"), "w").write("tag,name\n0x10,Dnscache\n")
PY
"$PYTHON" "$WORK/build.py" "$WORK" || fail "build.py failed"

# check_sockets FILE FORMAT-OF-PROCESSES: the sockets of snap1 as written in build.py.
cat >"$WORK/check.py" <<'PY'
import json, sys
path, procs = sys.argv[1], sys.argv[2]
sockets = [json.loads(line) for line in open(path)]
by_local = {(s["protocol"], s["local_port"], s.get("remote_port")): s for s in sockets}
assert len(sockets) == 5, f"{len(sockets)} sockets: {[(s['protocol'], s['local_port']) for s in sockets]}"
a = by_local[("TCP", 49152, 443)]
assert a["pid"] == 1234 and a["owner"] == "process" and a["sighting_count"] == 3 and a["tables"] == 3, a
assert a["kinds"] == ["tcp4-module", "tcp4-pid", "tcp4-basic"], a["kinds"]
assert a["created"] == "2024-05-01T10:05:00.0000000Z" and a["state"] == "ESTABLISHED", a
assert all(s["header"] and s["container"] == "capture" for s in a["sightings"]), a["sightings"]
b = by_local[("TCP", 8080, 0)]
assert b["pid"] == 5678 and b["sighting_count"] == 2 and b["state"] == "LISTEN", b
c = by_local[("TCP", 49153, 80)]
assert c["owner"] == "system" and c["pid"] == 4, c
e = by_local[("TCP", 50000, 53)]
assert e["pid"] is None and e["owner"] == "unknown" and e["sighting_count"] == 1, e
u = by_local[("UDP", 5353, None)]
assert u["service_tag"] == "0x0000000000000010" and u["pid"] == 1234, u
if procs == "none":
    assert a["process"] is None and a["pid_reused"] is None and u["service"] is None
    sys.exit(0)
assert u["service"] == "Dnscache", u
assert a["process"] == "svchost.exe", a
assert c["process"] == "System", c
if procs == "tasklist":  # no start times: named, reuse unknown
    assert b["process"] == "evil.exe" and b["pid_reused"] is None, b
    assert a["pid_reused"] is None, a
else:
    assert b["process"] is None and b["pid_reused"] is True, b
    assert a["pid_reused"] is False and a["process_start"] == "2024-05-01T10:00:00.0000000Z", a
PY

run connections --no-progress --format jsonl "$WORK/snap1"
expect_rc 0
expect_err_matches "5 sockets from 8 rows in 4 input files"
cp "$OUT" "$WORK/plain.jsonl"
py_check "$WORK/plain.jsonl" none <"$WORK/check.py"

for list in vol.json velo.jsonl tasklist.csv; do
    run connections --no-progress --format jsonl --processes "$WORK/$list" --services "$WORK/services.csv" \
        "$WORK/snap1"
    expect_rc 0
    case $list in
    vol.json) expect_err_matches "3 processes \(volatility3 windows.pslist\), 3 with a start time" ;;
    velo.jsonl) expect_err_matches "3 processes \(velociraptor Windows.System.Pslist\), 3 with a start time" ;;
    tasklist.csv) expect_err_matches "3 processes \(tasklist /v /fo csv\), 0 with a start time" ;;
    esac
    cp "$OUT" "$WORK/$list.out"
    py_check "$WORK/$list.out" "${list%%.*}" <"$WORK/check.py"
done
# The text names the process and flags the reused PID instead of naming one.
run connections --no-progress --processes "$WORK/velo.jsonl" "$WORK/snap1"
expect_out_matches "TCP +10\.0\.0\.5:49152 +93\.184\.216\.34:443 +ESTABLISHED +1234 +process svchost\.exe"
expect_out_matches "TCP +0\.0\.0\.0:8080 +0\.0\.0\.0:0 +LISTEN +5678 +process \(PID reused\)"
expect_out_lacks "evil\.exe"

# CSV: a line per sighting, read back with csv.DictReader.
run connections --no-progress --format csv "$WORK/snap1"
expect_rc 0
cp "$OUT" "$WORK/out.csv"
py_check "$WORK/out.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 8, len(rows)
a = [r for r in rows if r["local_port"] == "49152"]
assert len(a) == 3 and {r["kind"] for r in a} == {"tcp4-module", "tcp4-pid", "tcp4-basic"}, a
assert all(r["socket"] == a[0]["socket"] and r["pid"] == "1234" for r in a), a
assert [r["row_pid"] for r in a if r["kind"] == "tcp4-basic"] == [""], a
assert sorted((r["kind"], r["row_owner"]) for r in a) == [("tcp4-basic", "unknown"), ("tcp4-module", "process"),
                                                          ("tcp4-pid", "process")], a
assert {r["owner"] for r in rows if r["pid"] == "4"} == {"system"}, rows
PY

# Timelines: an event per socket, created at its creation time (module rows) or seen at --observed;
# the body file read by Sleuth Kit's mactime, the Timesketch events by Timesketch's import rules.
run connections --no-progress --format timesketch --observed 2024-05-02T00:00:00Z --processes "$WORK/velo.jsonl" \
    "$WORK/snap1"
expect_rc 0
cp "$OUT" "$WORK/events.jsonl"
py_check "$WORK/events.jsonl" "$CLI_DIR" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
import timesketch_rules
events = timesketch_rules.check_jsonl(open(sys.argv[1], "rb").read())
got = sorted((e["local_port"], e["timestamp_desc"], e["datetime"]) for e in events)
assert got == [(5353, "UDP endpoint created", "2024-05-01T10:05:00.0000000Z"),
               (8080, "Listener created", "2024-05-01T09:00:00.0000000Z"),
               (49152, "Socket created", "2024-05-01T10:05:00.0000000Z"),
               (49153, "Socket created", "2024-05-01T10:05:00.0000000Z"),
               (50000, "Seen in capture", "2024-05-02T00:00:00.0000000Z")], got
named = {e["local_port"]: (e["owner"], e["process"], e["pid_reused"], e["sighting_count"]) for e in events}
assert named[49152] == ("process", "svchost.exe", False, 3) and named[8080] == ("process", None, True, 2), named
assert named[50000] == ("unknown", None, None, 1), named
PY
# Without --observed, the manifest's captured_utc is when the capture's rows were seen.
run connections --no-progress --format timesketch "$WORK/snap1"
expect_rc 0
expect_err_lines 1 # the summary: the manifest is no input and says nothing
expect_out_matches '"datetime":"2024-05-01T12:00:00.0000000Z","timestamp_desc":"Seen in capture","observed":"2024-05-01T12:00:00.0000000Z","observed_source":"manifest",.*"local_port":50000'
if command -v mactime >/dev/null; then
    run connections --no-progress --format bodyfile --observed 2024-05-02T00:00:00Z "$WORK/snap1"
    expect_rc 0
    cp "$OUT" "$WORK/body"
    checks=$((checks + 1))
    mactime -b "$WORK/body" -d -z UTC >"$WORK/mactime.csv" 2>"$ERR" || fail "mactime failed"
    py_check "$WORK/mactime.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
born = sorted(r["File Name"].split(" (")[0] for r in rows if "b" in r["Type"] and r["Date"].startswith("Wed May 01 2024"))
assert born == ["TCP 0.0.0.0:8080 -> 0.0.0.0:0 LISTEN pid 5678", "TCP 10.0.0.5:49152 -> 93.184.216.34:443 ESTABLISHED pid 1234",
                "TCP 10.0.0.5:49153 -> 1.2.3.4:80 ESTABLISHED pid 4", "UDP 0.0.0.0:5353 pid 1234"], born
seen = [r["File Name"] for r in rows if "a" in r["Type"] and r["Date"].startswith("Thu May 02 2024")]
assert len(seen) == 5, seen
PY
else
    skip_note "mactime not installed: the body file is not read back"
fi

# The image: the live table (header) and the stale copy (orphan) are sightings of the same sockets.
run connections --no-progress --format jsonl "$WORK/image.raw"
expect_rc 0
cp "$OUT" "$WORK/image.jsonl"
py_check "$WORK/image.jsonl" "$WORK/image.json" <<'PY'
import json, sys
where = json.load(open(sys.argv[2]))
sockets = [json.loads(line) for line in open(sys.argv[1])]
assert len(sockets) == 3, sockets
for s in sockets:
    seen = sorted((x["table_offset"], x["header"]) for x in s["sightings"])
    assert seen == [(where["live"], True), (where["stale_rows"], False)], seen
    assert s["tables"] == 2 and s["sighting_count"] == 2 and s["corroborated"] is True, s
PY
# The stale copy alone: the same sockets, each shown by one orphan row only: not corroborated.
run connections --no-progress --format jsonl "$WORK/stale.raw"
expect_rc 0
cp "$OUT" "$WORK/stale.jsonl"
py_check "$WORK/stale.jsonl" <<'PY'
import json, sys
sockets = [json.loads(line) for line in open(sys.argv[1])]
assert sorted(s["local_port"] for s in sockets) == [8080, 49152, 49153], sockets
assert all(s["corroborated"] is False and not s["sightings"][0]["header"] for s in sockets), sockets
PY
run connections --no-progress "$WORK/stale.raw"
expect_out_matches "LISTEN +5678 +process created [^ ]+ \(one orphan row: may be damaged\)"

# A row without a PID joins the one corroborated socket of its endpoints; a lone orphan row's is no other owner.
run connections --no-progress --format jsonl "$WORK/overwritten.raw"
expect_rc 0
py_check "$OUT" <<'PY'
import json, sys
a = [s for s in map(json.loads, open(sys.argv[1])) if s["local_port"] == 49152]
by_pid = {s["pid"]: s for s in a}
assert sorted(by_pid) == [1234, 0x014A2278], a
assert by_pid[1234]["kinds"] == ["tcp4-pid", "tcp4-basic"] and by_pid[1234]["corroborated"] is True, by_pid[1234]
assert by_pid[0x014A2278]["corroborated"] is False and by_pid[0x014A2278]["sighting_count"] == 1, by_pid
PY

# A row in a table whose count holds, whose endpoints two other tables show with another PID: contested.
run connections --no-progress --format jsonl "$WORK/contested.raw"
expect_rc 0
py_check "$OUT" <<'PY'
import json, sys
a = [s for s in map(json.loads, open(sys.argv[1])) if s["local_port"] == 49152]
by_pid = {s["pid"]: s for s in a}
assert sorted(by_pid) == [1234, 0x014A2278], a
assert by_pid[1234]["tables"] == 2 and by_pid[1234]["corroborated"] is True, by_pid[1234]
lone = by_pid[0x014A2278]
assert lone["corroborated"] is False and lone["sightings"][0]["header"] is True, lone
PY
run connections --no-progress "$WORK/contested.raw"
expect_out_matches "ESTABLISHED +[0-9]+ +process .*\(one row, whose endpoints other rows show with another owner: may be damaged\)"

# diff: A to TIME_WAIT under PID 0 is a change, C and E closed, Z opened, B and the UDP socket unchanged.
run diff --no-progress --format jsonl "$WORK/snap1" "$WORK/snap2"
expect_rc 1
expect_err_matches "1 opened, 2 closed, 1 changed, 2 unchanged"
cp "$OUT" "$WORK/diff.jsonl"
py_check "$WORK/diff.jsonl" <<'PY'
import json, sys
changes = sorted((s["change"], s["local_port"], s.get("state_before"), s.get("state_after"), s.get("pid_before"),
                  s.get("pid_after")) for s in map(json.loads, open(sys.argv[1])))
assert changes == [("changed", 49152, "ESTABLISHED", "TIME_WAIT", 1234, 0),
                   ("closed", 49153, None, None, None, None), ("closed", 50000, None, None, None, None),
                   ("opened", 50001, None, None, None, None)], changes
PY
run diff --no-progress --format jsonl "$WORK/many1" "$WORK/many2"
expect_rc 1
expect_err_matches "1 opened, 1 closed, 0 changed, 299 unchanged"
expect_out_matches '"change":"opened".*"created":"2024-05-01T10:05:00.0001000Z"'
expect_out_matches '"change":"closed".*"created":"2024-05-01T10:05:00.0000150Z"'
run diff --no-progress "$WORK/snap1" "$WORK/snap1"
expect_rc 0
expect_out_lines 1 # the header alone

# Errors: one line, exit 2.
printf '[{"PID": 1,' >"$WORK/broken.json"
run connections --processes "$WORK/broken.json" "$WORK/snap1"
expect_rc 2
expect_err_matches "^mibtcp connections: --processes .*broken\.json: line 1: "
run connections --no-progress "$WORK/no-such-dir"
expect_rc 2
expect_err_matches "^mibtcp connections: .*no-such-dir: No such file or directory"
run connections - - </dev/null
expect_usage_error "^mibtcp connections: - \(standard input\) can be given once"
run_in "$WORK/image.raw" connections --no-progress --format jsonl -
expect_rc 0
expect_out_lines 3
run_in /dev/null connections --no-progress -
expect_rc 0
expect_err_matches "^mibtcp connections: -: no table found"
run diff "$WORK/snap1"
expect_usage_error "^mibtcp diff: diff needs two inputs"
finish
