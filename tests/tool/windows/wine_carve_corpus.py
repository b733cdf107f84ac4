#!/usr/bin/env python3
"""Carving measured against a real producer: Wine's iphlpapi and dbghelp, in a polling agent.

Runs tests/tool/windows/table_agent.exe under Wine, in a private network namespace when one can be made
(loopback only: the tables hold the sockets this script opens and nothing of the host). Between the
agent's polls this script churns sockets (opens and closes TCP connections, listeners, UDP sockets,
IPv4 and IPv6) and snapshots /proc/net/{tcp,tcp6,udp,udp6}, the kernel's truth of what existed at
each poll. The agent logs every table it fetched (poll, kind, heap address, sizes, dwNumEntries,
the table's exact bytes in a file), frees each poll once the next is in, keeps the last poll and a
few other tables alive, and writes a minidump of itself with dbghelp's MiniDumpWriteDump. This
script also reads the agent's memory from outside (/proc/PID/maps, /proc/PID/mem) into a LiME
file. Then the native `mibtcp carve --format jsonl` runs on both images, and every hit is judged
against the agent's log and the logged bytes, never against the carver's own opinion:

  live tables   each non-empty live table must be a hit with header true at its logged address
                (minidump: va; LiME: pa, which this script sets to the virtual address), with the
                logged kind and rows == dwNumEntries. Empty tables (dwNumEntries 0) are counted
                apart: nothing but a zero DWORD is there to find.
  freed tables  a row survives when the image still holds its logged bytes at its logged address
                and no table logged later covers any of its bytes; it is recovered when a hit of
                the table's kind covers exactly that row. Figures: rows logged / surviving /
                recovered, per kind and for the last freed poll.
  other hits    a hit with header true that is not at a logged table address of its kind is a
                false table, unless the image holds there byte for byte a table the agent logged
                (a copy someone else made: dbghelp copies memory through a 64 KiB buffer of the
                process, which still holds the last chunk it wrote when the process is read); an orphan run inside a table's buffer (slack, stale rows) is
                explained; anything else is unexplained and counted per kind.

Then `mibtcp connections` and `mibtcp diff` are judged against the kernel's /proc/net snapshots and the
logged rows (wine_connections.py says how); --gate also fails on what they promise.

The LiME file holds only the agent's writable private memory: anonymous rw-p mappings, [heap] and
[stack] (Wine's Windows heaps and stacks are anonymous mappings), not file mappings, which keeps
it to about 13 MiB (the minidump, all committed memory, is about 110 MiB). Each readable range is one LiME range (start = virtual address,
end = start + length - 1); pages /proc/PID/mem cannot read split a range.

Usage: wine_carve_corpus.py [--polls N] [--seed S] [--strict|--gate] [--keep DIR] [--no-namespace]
                            NATIVE-mibtcp table_agent.exe
       wine_carve_corpus.py [--strict] --from DIR NATIVE-mibtcp     (no Wine: a kept corpus)
  --strict   exit 1 when a non-empty live table is missed in either image or a hit falsely
             claims a table (default: print the figures, exit 0 unless the run itself failed)
  --gate     exit 1 on what carving promises (doc/design.md): a false table, a missed live
             table of 3+ rows of a TCP or UDP module kind, or fewer than 80 % of the last freed
             poll's intact rows carved; and on what connections promises: an invented corroborated
             socket, a socket of a found live table not output once with every live sighting, a
             pair of polls whose diff differs from the snapshots
  --keep DIR keep the images, the agent's log and tables, the /proc/net snapshots, the carve
             outputs and summary.json in DIR
  --from DIR carve and judge a corpus kept with --keep, without Wine (rewrites its carve
             outputs and summary.json): for iterating on the carver
WINE: the wine loader; WINEPREFIX: the prefix (a fresh one is made and removed when unset).
"""
import argparse
import json
import os
import random
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import wine_connections  # noqa: E402
import wine_netns  # noqa: E402

TAG = "wine_carve_corpus"
PROC_NET = ("tcp", "tcp6", "udp", "udp6")
LIME_MAGIC = 0x4C694D45
MINIDUMP_MAGIC = 0x504D444D
MEMORY64_LIST_STREAM = 9
AGENT_DEADLINE_SECONDS = 300


# ---- sockets: what the agent's polls will see ----

class SocketSet:
    """Loopback sockets this script owns, churned between polls by a seeded generator."""

    def __init__(self, seed, ipv6):
        self.rng = random.Random(seed)
        self.ipv6 = ipv6
        self.listeners = {4: [], 6: []}
        self.connections = {4: [], 6: []}  # (client, server end)
        self.udp = {4: [], 6: []}
        self.log = []

    def families(self):
        return (4, 6) if self.ipv6 else (4,)

    @staticmethod
    def family(version):
        return socket.AF_INET if version == 4 else socket.AF_INET6

    def open_listener(self, version, anywhere=False):
        host = ("0.0.0.0" if anywhere else "127.0.0.1") if version == 4 else ("::" if anywhere else "::1")
        s = socket.socket(self.family(version), socket.SOCK_STREAM)
        if version == 6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, 0))
        s.listen(16)
        self.listeners[version].append(s)
        self.log.append(("open", "tcp-listen", version, s.getsockname()[:2]))

    def open_connection(self, version):
        listener = self.rng.choice(self.listeners[version])
        host = "127.0.0.1" if version == 4 else "::1"
        client = socket.create_connection((host, listener.getsockname()[1]))
        server_end, _ = listener.accept()
        self.connections[version].append((client, server_end))
        self.log.append(("open", "tcp-connection", version, client.getsockname()[:2], server_end.getsockname()[:2]))

    def open_udp(self, version):
        hosts = ("127.0.0.1", "0.0.0.0") if version == 4 else ("::1", "::")
        s = socket.socket(self.family(version), socket.SOCK_DGRAM)
        if version == 6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((self.rng.choice(hosts), 0))
        self.udp[version].append(s)
        self.log.append(("open", "udp", version, s.getsockname()[:2]))

    def close_some(self, sockets, count, what, version):
        for _ in range(min(count, len(sockets))):
            item = sockets.pop(self.rng.randrange(len(sockets)))
            pair = item if isinstance(item, tuple) else (item,)
            self.log.append(("close", what, version, pair[0].getsockname()[:2]))
            # Either end may close first: the other goes to CLOSE_WAIT or the first to TIME_WAIT.
            for s in (pair if self.rng.random() < 0.5 else pair[::-1]):
                s.close()

    def start(self):
        for version in self.families():
            self.open_listener(version)
            self.open_listener(version, anywhere=True)
            for _ in range(2):
                self.open_connection(version)
                self.open_udp(version)

    def churn(self, final):
        """Opens some sockets and closes some. Before the last poll IPv6 shrinks to one
        listener and one UDP socket, so the last tables include one-row ones."""
        for version in self.families():
            if final and version == 6:
                self.close_some(self.connections[6], len(self.connections[6]), "tcp-connection", 6)
                self.close_some(self.listeners[6], len(self.listeners[6]) - 1, "tcp-listen", 6)
                self.close_some(self.udp[6], len(self.udp[6]) - 1, "udp", 6)
                continue
            self.close_some(self.connections[version], self.rng.randint(0, 2), "tcp-connection", version)
            for _ in range(self.rng.randint(1, 3)):
                self.open_connection(version)
            self.close_some(self.udp[version], self.rng.randint(0, 1), "udp", version)
            for _ in range(self.rng.randint(0, 2)):
                self.open_udp(version)
            if self.rng.random() < 0.25 and len(self.listeners[version]) > 1:
                self.close_some(self.listeners[version], 1, "tcp-listen", version)
            elif self.rng.random() < 0.25:
                self.open_listener(version)

    def close_all(self):
        for version in (4, 6):
            for s in self.listeners[version] + self.udp[version]:
                s.close()
            for pair in self.connections[version]:
                for s in pair:
                    s.close()


def snapshot_proc_net(directory):
    os.makedirs(directory, exist_ok=True)
    for name in PROC_NET:
        path = f"/proc/net/{name}"
        if os.path.exists(path):
            shutil.copyfile(path, os.path.join(directory, name))


# ---- the agent's memory: a LiME file from /proc/PID/mem ----

def agent_pid(popen_pid):
    """The Linux process that runs table_agent.exe: the one Popen started, or a descendant
    of it when the wine launcher forks."""
    todo = [popen_pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as f:
                if "table_agent.exe" in f.read():
                    return pid
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
                todo += [int(p) for p in f.read().split()]
        except OSError:
            continue
    sys.exit(f"{TAG}: cannot find the Linux process running table_agent.exe")


def private_writable_ranges(pid):
    ranges = []
    with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.split(maxsplit=5)
            start, end = (int(x, 16) for x in fields[0].split("-"))
            perms = fields[1]
            path = fields[5].strip() if len(fields) > 5 else ""
            if perms[0] == "r" and perms[1] == "w" and perms[3] == "p" and path in ("", "[heap]", "[stack]"):
                ranges.append((start, end))
    return ranges


def write_lime(pid, path):
    """Returns (ranges written, bytes written)."""
    page = 4096
    written_ranges = written_bytes = 0
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem, open(path, "wb") as out:
        def flush(start, chunks):
            nonlocal written_ranges, written_bytes
            data = b"".join(chunks)
            if data:
                out.write(struct.pack("<IIQQQ", LIME_MAGIC, 1, start, start + len(data) - 1, 0))
                out.write(data)
                written_ranges += 1
                written_bytes += len(data)

        for start, end in private_writable_ranges(pid):
            run_start, chunks = start, []
            at = start
            while at < end:
                step = min(1 << 20, end - at)
                try:
                    mem.seek(at)
                    data = mem.read(step)
                except OSError:
                    data = b""
                if len(data) == step:
                    chunks.append(data)
                    at += step
                    continue
                # Part of this step cannot be read: go page by page, splitting the range.
                stop = at + step
                while at < stop:
                    try:
                        mem.seek(at)
                        data = mem.read(page)
                    except OSError:
                        data = b""
                    if len(data) == page:
                        chunks.append(data)
                    else:
                        flush(run_start, chunks)
                        run_start, chunks = at + page, []
                    at += page
            flush(run_start, chunks)
    return written_ranges, written_bytes


# ---- reading images by virtual address, independently of mibtcp ----

class Image:
    """The memory ranges of a minidump (Memory64ListStream) or of a LiME file: address -> bytes."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        self.ranges = []  # (address, file offset, length)
        magic = struct.unpack_from("<I", self.data, 0)[0]
        if magic == MINIDUMP_MAGIC:
            self._minidump()
        elif magic == LIME_MAGIC:
            self._lime()
        else:
            sys.exit(f"{TAG}: {path}: neither a minidump nor a LiME file")
        self.ranges.sort()

    def _minidump(self):
        _, _, streams, directory = struct.unpack_from("<IIII", self.data, 0)
        for i in range(streams):
            stream_type, size, rva = struct.unpack_from("<III", self.data, directory + 12 * i)
            if stream_type == MEMORY64_LIST_STREAM:
                count, offset = struct.unpack_from("<QQ", self.data, rva)
                for j in range(count):
                    address, length = struct.unpack_from("<QQ", self.data, rva + 16 + 16 * j)
                    self.ranges.append((address, offset, length))
                    offset += length
                return
        sys.exit(f"{TAG}: {self.path}: no Memory64ListStream (not a full-memory minidump)")

    def _lime(self):
        at = 0
        while at + 32 <= len(self.data):
            magic, _, start, end, _ = struct.unpack_from("<IIQQQ", self.data, at)
            if magic != LIME_MAGIC:
                sys.exit(f"{TAG}: {self.path}: bad LiME range header at {at}")
            self.ranges.append((start, at + 32, end - start + 1))
            at += 32 + end - start + 1

    def read(self, address, length):
        """The bytes at [address, address + length), or None where the image does not hold them all."""
        for start, offset, size in self.ranges:
            if start <= address and address + length <= start + size:
                at = offset + address - start
                return self.data[at:at + length]
        return None

    def memory_bytes(self):
        return sum(r[2] for r in self.ranges)


# ---- judging the carver's hits against the agent's log ----

def carve(native, image_path, output_path):
    run = subprocess.run([native, "carve", "--format", "jsonl", "--no-progress", image_path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{TAG}: mibtcp carve {image_path} exited {run.returncode}: {run.stderr.strip()}")
    with open(output_path, "w", encoding="utf-8") as f:
        f.write(run.stdout)
    hits = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    for hit in hits:
        # 64-bit values are decimal strings in every JSON output of mibtcp (README).
        for key in ("va", "pa"):
            if key in hit:
                hit[key] = int(hit[key])
    return hits


def judge(image, hits, tables, layout):
    """Per-kind figures for one image; see the module docstring for the rules."""
    address_key = "va" if struct.unpack_from("<I", image.data, 0)[0] == MINIDUMP_MAGIC else "pa"
    by_kind = {}
    by_poll = {}  # poll -> [rows logged, intact, carved] of its freed tables

    def figures(kind):
        return by_kind.setdefault(kind, {
            "live": 0, "live_found": 0, "live_empty": 0, "live_missed": [],
            "freed": 0, "freed_rows": 0, "freed_rows_surviving": 0, "freed_rows_recovered": 0,
            "last_freed_rows": 0, "last_freed_rows_surviving": 0, "last_freed_rows_recovered": 0,
            "hits": 0, "hits_live_table": 0, "hits_live_wrong_rows": 0, "hits_freed_header": 0, "hits_copy": 0, "hits_in_buffers": 0,
            "hits_false_table": 0, "hits_unexplained": 0, "false_tables": []})

    def overwritten(t, start, end):
        """Whether a table logged after t covers any of the bytes [start, end)."""
        return any(later["seq"] > t["seq"] and later["addr"] < end and start < later["addr"] + later["table_size"]
                   for later in tables)
    # Rows each hit covers, by kind: the set of (address) it decodes as rows.
    covered = {}
    for hit in hits:
        address = hit.get(address_key)
        if address is None:
            continue
        kind = hit["kind"]
        first = address + (layout[kind][0] if hit["header"] else 0)
        for i in range(hit["rows"]):
            covered.setdefault(kind, set()).add(first + i * layout[kind][1])

    live_at = {(t["addr"], t["kind"]): t for t in tables if t["live"]}
    logged_bytes = {t["bytes"] for t in tables}
    any_at = {(t["addr"], t["kind"]) for t in tables}
    buffers = sorted((t["block_addr"], t["block_addr"] + t["block_size"], t["kind"]) for t in tables)
    last_freed_poll = max((t["poll"] for t in tables if not t["live"]), default=None)

    for hit in hits:
        kind = hit["kind"]
        f = figures(kind)
        f["hits"] += 1
        address = hit.get(address_key)
        if hit["header"]:
            t = live_at.get((address, kind))
            if t is not None and hit["rows"] == t["entries"]:
                f["hits_live_table"] += 1
            elif t is not None:
                f["hits_live_wrong_rows"] += 1
            elif (address, kind) in any_at:
                f["hits_freed_header"] += 1
            elif address is not None and image.read(address, layout[kind][0] + hit["rows"] * layout[kind][1]) in logged_bytes:
                f["hits_copy"] += 1
            else:
                f["hits_false_table"] += 1
                f["false_tables"].append({address_key: address, "kind": kind, "rows": hit["rows"],
                                          "offset": hit["offset"]})
            continue
        inside = address is not None and any(start <= address < end and kind == k for start, end, k in buffers)
        if inside:
            f["hits_in_buffers"] += 1
        else:
            f["hits_unexplained"] += 1

    for t in tables:
        f = figures(t["kind"])
        if t["live"]:
            if t["entries"] == 0:
                f["live_empty"] += 1
                continue
            f["live"] += 1
            if any(h["header"] and h.get(address_key) == t["addr"] and h["kind"] == t["kind"]
                   and h["rows"] == t["entries"] for h in hits):
                f["live_found"] += 1
            else:
                f["live_missed"].append({"seq": t["seq"], "case": t["case"], "address": hex(t["addr"]),
                                         "rows": t["entries"]})
            continue
        f["freed"] += 1
        truth = t["bytes"]
        last = t["poll"] == last_freed_poll
        poll_rows = by_poll.setdefault(t["poll"], [0, 0, 0])
        for i in range(t["entries"]):
            row_address = t["addr"] + t["rows_offset"] + i * t["row_size"]
            at = t["rows_offset"] + i * t["row_size"]
            surviving = (not overwritten(t, row_address, row_address + t["row_size"])
                         and image.read(row_address, t["row_size"]) == truth[at:at + t["row_size"]])
            recovered = surviving and row_address in covered.get(t["kind"], ())
            f["freed_rows"] += 1
            f["freed_rows_surviving"] += surviving
            f["freed_rows_recovered"] += recovered
            poll_rows[0] += 1
            poll_rows[1] += surviving
            poll_rows[2] += recovered
            if last:
                f["last_freed_rows"] += 1
                f["last_freed_rows_surviving"] += surviving
                f["last_freed_rows_recovered"] += recovered
    return by_kind, dict(sorted(by_poll.items()))


def print_figures(name, image, by_kind, by_poll, kinds):
    total = {k: sum(by_kind.get(kind, {}).get(k, 0) for kind in kinds)
             for k in ("live", "live_found", "live_empty", "freed", "freed_rows", "freed_rows_surviving",
                       "freed_rows_recovered", "last_freed_rows", "last_freed_rows_surviving",
                       "last_freed_rows_recovered", "hits", "hits_live_table", "hits_live_wrong_rows",
                       "hits_freed_header", "hits_copy",
                       "hits_in_buffers", "hits_false_table", "hits_unexplained")}
    print(f"\n{name}: {image.path} ({len(image.ranges)} ranges, {image.memory_bytes() / 2**20:.1f} MiB of memory)")
    print(f"{'kind':<12} {'live found':>10} {'empty':>5} {'freed':>5} {'rows':>5} {'intact':>6} {'carved':>6} "
          f"{'last freed poll':>16} {'hits':>5} {'copy':>4} {'false':>5} {'unexpl':>6}")
    for kind in kinds + ["all"]:
        f = total if kind == "all" else by_kind.get(kind)
        if f is None:
            continue
        print(f"{kind:<12} {f['live_found']:>4} of {f['live']:<3} {f['live_empty']:>5} {f['freed']:>5} "
              f"{f['freed_rows']:>5} {f['freed_rows_surviving']:>6} {f['freed_rows_recovered']:>6} "
              f"{f['last_freed_rows_recovered']:>5} of {f['last_freed_rows_surviving']:>3}/{f['last_freed_rows']:<4} "
              f"{f['hits']:>5} {f['hits_copy']:>4} {f['hits_false_table']:>5} {f['hits_unexplained']:>6}")
    print("  (live found: header hit at the logged address, logged kind, rows == dwNumEntries; empty: live "
          "tables of 0 rows, not scored; rows/intact/carved: rows of freed tables logged / still intact in the "
          "image / covered by a hit; last freed poll: carved of intact/logged; copy: header hits holding a logged "
          "table's bytes at another address; false: header hits at no logged table address; unexpl: orphan runs outside every table buffer)")
    for kind in kinds:
        f = by_kind.get(kind, {})
        for miss in f.get("live_missed", []):
            print(f"  missed live {kind} table #{miss['seq']} ({miss['case']}) at {miss['address']}, "
                  f"{miss['rows']} rows")
        for false in f.get("false_tables", []):
            print(f"  false table: {json.dumps(false)}")
    print("  freed rows by poll, carved/intact/logged: " +
          ", ".join(f"{poll}: {c}/{i}/{n}" for poll, (n, i, c) in by_poll.items()))
    return total


# ---- the run ----

def run_agent(args, work, wine, sockets):
    """Runs the agent through its polls; returns (minidump path, LiME ranges, LiME bytes)."""
    out = os.path.join(work, "agent")
    truth = os.path.join(work, "proc-net")
    agent = subprocess.Popen([wine, args.agent, "--polls", str(args.polls), out], cwd=work,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    # A hung Wine must not hang CI: past the deadline the agent is killed and expect() fails.
    watchdog = threading.Timer(AGENT_DEADLINE_SECONDS, agent.kill)
    watchdog.start()

    def expect(prefix):
        line = agent.stdout.readline().strip()
        if not line.startswith(prefix):
            agent.kill()
            watchdog.cancel()
            sys.exit(f"{TAG}: the agent said {line!r}, expected {prefix!r} (exit {agent.wait()})")

    sockets.start()
    for poll in range(1, args.polls + 1):
        if poll > 1:
            sockets.churn(final=poll == args.polls)
        snapshot_proc_net(os.path.join(truth, f"poll-{poll:02d}"))
        sockets.log.append(("poll", poll, time.time()))
        agent.stdin.write("poll\n")
        agent.stdin.flush()
        expect(f"polled {poll}")
    expect("ready")
    pid = agent_pid(agent.pid)
    lime_ranges, lime_bytes = write_lime(pid, os.path.join(work, "agent.lime"))
    agent.stdin.write("exit\n")
    agent.stdin.flush()
    status = agent.wait(timeout=60)
    watchdog.cancel()
    if status != 0:
        sys.exit(f"{TAG}: the agent exited {status}")
    with open(os.path.join(work, "sockets.jsonl"), "w", encoding="utf-8") as f:
        for entry in sockets.log:
            f.write(json.dumps(entry) + "\n")
    return os.path.join(out, "agent.dmp"), lime_ranges, lime_bytes


def load_tables(out):
    tables, freed = [], set()
    with open(os.path.join(out, "agent.jsonl"), encoding="utf-8") as f:
        events = [json.loads(line) for line in f]
    for e in events:
        if e["event"] == "table":
            with open(os.path.join(out, e["file"]), "rb") as t:
                e["bytes"] = t.read()
            e["addr"] = int(e["address"], 16)
            e["block_addr"] = int(e["block_address"], 16)
            tables.append(e)
        elif e["event"] == "free":
            freed.add(e["seq"])
    for t in tables:
        t["live"] = t["seq"] not in freed
        if len(t["bytes"]) != t["table_size"]:
            sys.exit(f"{TAG}: {t['file']}: {len(t['bytes'])} bytes, the log says {t['table_size']}")
    return tables


# What carving promises on this corpus (--gate; doc/design.md, "What carving cannot tell"):
# every live table of at least GATE_ROWS rows of a kind other than UDP PID and basic found, no
# false table, and at least GATE_LAST_FREED_PERCENT of the last freed poll's intact rows carved.
# Wine's short UDP PID tables are found when their content does not weigh against them (most
# are; rows out of Windows' order cost 4 bits each and sink some), so they are measured, not gated.
POOR_KINDS = ("udp4-pid", "udp6-pid", "udp4-basic", "udp6-basic")
GATE_ROWS = 3
GATE_LAST_FREED_PERCENT = 80


def measure(native, work, summary, strict, gate=False):
    """Carves both images in work and judges the hits; returns the exit status."""
    tables = load_tables(os.path.join(work, "agent"))
    kinds = []
    layout = {}
    for t in tables:
        if t["kind"] not in layout:
            kinds.append(t["kind"])
            layout[t["kind"]] = (t["rows_offset"], t["row_size"])
    live = [t for t in tables if t["live"]]
    print(f"{TAG}: {len(tables)} tables logged, {len(live)} live ({sum(1 for t in live if t['entries'] == 0)} "
          f"empty), {len(tables) - len(live)} freed")
    summary.update({"tables": len(tables), "live": len(live), "images": {}})
    missed = false = 0
    gate_failures = []
    images = []
    for name, path in (("minidump", os.path.join(work, "agent", "agent.dmp")),
                       ("lime", os.path.join(work, "agent.lime"))):
        image = Image(path)
        images.append((name, image, "va" if name == "minidump" else "pa"))
        unreadable = [t["seq"] for t in live if image.read(t["addr"], t["table_size"]) != t["bytes"]]
        if unreadable:
            sys.exit(f"{TAG}: {path}: the image does not hold the logged bytes of live tables {unreadable}: "
                     "the corpus is broken, not the carver")
        hits = carve(native, path, os.path.join(work, f"carve-{name}.jsonl"))
        by_kind, by_poll = judge(image, hits, tables, layout)
        total = print_figures(name, image, by_kind, by_poll, kinds)
        summary["images"][name] = {"total": total, "by_kind": by_kind, "freed_rows_by_poll": by_poll}
        missed += total["live"] - total["live_found"]
        false += total["hits_false_table"]
        for kind, f in by_kind.items():
            for miss in f.get("live_missed", []):
                if kind not in POOR_KINDS and miss["rows"] >= GATE_ROWS:
                    gate_failures.append(f"{name}: missed live {kind} table #{miss['seq']} ({miss['rows']} rows)")
        if total["hits_false_table"]:
            gate_failures.append(f"{name}: {total['hits_false_table']} false tables")
        last_intact, last_carved = total["last_freed_rows_surviving"], total["last_freed_rows_recovered"]
        if last_carved * 100 < GATE_LAST_FREED_PERCENT * last_intact:
            gate_failures.append(f"{name}: last freed poll {last_carved} of {last_intact} intact rows carved")
    summary["connections"], failures = wine_connections.measure(native, work, tables, images)
    gate_failures += failures
    with open(os.path.join(work, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    verdict = "ok" if missed == 0 and false == 0 else "FAIL" if strict else "not yet"
    print(f"{TAG}: {verdict}: {missed} live tables missed and {false} false tables in the two images")
    for failure in gate_failures:
        print(f"{TAG}: gate: {failure}")
    if gate and gate_failures:
        print(f"{TAG}: gate FAILED: {len(gate_failures)} findings above")
        return 1
    return 1 if strict and verdict == "FAIL" else 0


def produce(args, work):
    """Runs the agent under Wine with socket churn; leaves its output, the LiME file, the
    /proc/net snapshots and the socket log in work. Returns what the summary says of the run."""
    started = time.time()
    wine = wine_netns.wine_loader()
    own_prefix = None
    if not os.environ.get("WINEPREFIX"):
        own_prefix = tempfile.mkdtemp(prefix="wineprefix-")
        os.environ["WINEPREFIX"] = own_prefix
        os.environ.setdefault("WINEDEBUG", "-all")
        subprocess.run([wine, "wineboot", "-i"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ipv6 = socket.has_ipv6
    try:
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM).bind(("::1", 0))
    except OSError:
        ipv6 = False
        print(f"{TAG}: no IPv6 loopback: IPv6 tables stay empty")
    sockets = SocketSet(args.seed, ipv6)
    try:
        minidump, lime_ranges, lime_bytes = run_agent(args, work, wine, sockets)
    finally:
        sockets.close_all()
        if wine_netns.in_private_namespace() or own_prefix:
            wine_netns.stop_wineserver()
        if own_prefix:
            shutil.rmtree(own_prefix, ignore_errors=True)
    where = "private network namespace" if wine_netns.in_private_namespace() else "host sockets"
    print(f"{TAG}: {where}, {args.polls} polls in {time.time() - started:.0f} s; minidump "
          f"{os.path.getsize(minidump) / 2**20:.1f} MiB, LiME {lime_ranges} ranges {lime_bytes / 2**20:.1f} MiB")
    version = subprocess.run([wine, "--version"], capture_output=True, text=True).stdout.strip()
    return {"polls": args.polls, "seed": args.seed, "namespace": wine_netns.in_private_namespace(),
            "ipv6": ipv6, "wine": version, "made_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def main():
    parser = argparse.ArgumentParser(description="Carve Wine's real tables and check the hits against "
                                                 "the producer's log.")
    parser.add_argument("native", help="the native mibtcp")
    parser.add_argument("agent", nargs="?", help="table_agent.exe (not with --from)")
    parser.add_argument("--polls", type=int, default=12)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--gate", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the corpus and the figures in DIR")
    parser.add_argument("--from", dest="source", metavar="DIR",
                        help="no Wine: carve and judge a corpus kept earlier with --keep (its carve "
                             "outputs and summary.json are rewritten)")
    parser.add_argument("--no-namespace", action="store_true", help="use the host's sockets")
    args = parser.parse_args()
    args.native = os.path.abspath(args.native)
    if args.source:
        summary = {}
        if os.path.exists(os.path.join(args.source, "summary.json")):
            with open(os.path.join(args.source, "summary.json"), encoding="utf-8") as f:
                summary = {k: v for k, v in json.load(f).items()
                           if k in ("polls", "seed", "namespace", "ipv6", "wine", "made_utc")}
        sys.exit(measure(args.native, args.source, summary, args.strict, args.gate))
    if args.agent is None:
        parser.error("give table_agent.exe, or --from DIR")
    args.agent = os.path.abspath(args.agent)
    if args.keep:
        args.keep = os.path.abspath(args.keep)
    if not args.no_namespace:
        wine_netns.reexec_in_private_namespace(TAG)
    wine_netns.bring_loopback_up()
    work = tempfile.mkdtemp(prefix="wine-carve-")
    try:
        summary = produce(args, work)
        status = measure(args.native, work, summary, args.strict, args.gate)
        if args.keep:
            keep(args.keep, work)
            print(f"{TAG}: kept the images, the agent's log and tables, the /proc/net snapshots, the carve "
                  f"outputs and summary.json in {args.keep}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(status)


KEPT_FILES = """A corpus made by tests/tool/windows/wine_carve_corpus.py (see its docstring):
agent/agent.jsonl     the agent's log: "poll" (start time, UTC FILETIME), "table" (seq, poll, case,
                      heap, kind, function, class, family, address, block_address, block_size,
                      returned_size, table_size, entries, rows_offset, row_size, file), "free" (seq),
                      "minidump"; a table never freed is live
agent/tables/*.bin    each table's exact bytes as the call returned them (table_size bytes)
agent/agent.dmp       the minidump dbghelp's MiniDumpWriteDump wrote (MiniDumpWithFullMemory)
agent.lime            the agent's writable private memory read from /proc/PID/mem (pa = virtual address)
proc-net/poll-NN/     /proc/net/{tcp,tcp6,udp,udp6} just before poll NN: the kernel's truth
sockets.jsonl         what the driver opened and closed, and when each poll was asked for
carve-*.jsonl         `mibtcp carve --format jsonl` on each image
summary.json          the figures per image and kind
Judge again without Wine: tests/tool/windows/wine_carve_corpus.py --from DIR NATIVE-mibtcp [--strict]
"""


def keep(directory, work):
    os.makedirs(directory, exist_ok=True)
    for name in ("agent", "proc-net"):
        target = os.path.join(directory, name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(work, name), target)
    for name in ("agent.lime", "sockets.jsonl", "carve-minidump.jsonl", "carve-lime.jsonl", "summary.json"):
        shutil.copyfile(os.path.join(work, name), os.path.join(directory, name))
    with open(os.path.join(directory, "README.txt"), "w", encoding="utf-8") as f:
        f.write(KEPT_FILES)


if __name__ == "__main__":
    main()
