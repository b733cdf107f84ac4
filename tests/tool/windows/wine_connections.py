"""`mibtcp connections` and `mibtcp diff` judged against the kernel (wine_carve_corpus.py's corpus).

The truth is not computed by mibtcp: the /proc/net/{tcp,tcp6,udp,udp6} snapshot taken just before each
poll (the sockets that existed, as Linux, whose tables Wine's iphlpapi reads, lists them), and the rows
of every table the agent logged, decoded here from the SDK's row layouts (ROW_FIELDS below). A socket
is compared by its endpoints: protocol, family, local address and port, remote address and port (UDP:
none). On Wine every row's PID is 0 (the sockets belong to this script, not to a Windows process), so
endpoints name sockets one to one.

Figures per image (minidump, LiME), from `mibtcp connections --format jsonl IMAGE`:
  live          the sockets of the last poll's snapshot: how many are output sockets with a sighting in a
                live table (at a logged live table's address); of the sockets in the rows of live tables
                the carver found, how many are output (must be all), how many appear more than once as
                corroborated sockets (a lone orphan row with a damaged PID is an uncorroborated one), and
                the live sightings missing (a socket in a live table that the carver found, without a
                sighting there)
  stale only    sockets of earlier snapshots that the last one no longer has: how many have a logged row
                still intact in the image (the carve judge's rule: its bytes there, no later table over
                them), and how many of those, and of all, are output sockets
  invented      corroborated output sockets (seen in a table with its count, or in more than one
                table) whose endpoints are in no logged table row: must be 0; uncorroborated ones (one
                orphan row: the heap may have written over it) are counted apart; and output sockets in
                no snapshot of the kernel
diff, for each pair of consecutive polls, on the tables the agent logged for them (captures, one
directory per poll): the sockets `mibtcp diff` says opened and closed against those the snapshots
gained and lost, and the sockets it says changed state against the snapshots' states.
"""
import ipaddress
import json
import os
import shutil
import struct
import subprocess

# Linux TCP states (include/net/tcp_states.h) by the names mibtcp gives the Windows states.
LINUX_STATES = {1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RCVD", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 6: "TIME_WAIT",
                7: "CLOSED", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING"}
WINDOWS_STATES = {1: "CLOSED", 2: "LISTEN", 3: "SYN_SENT", 4: "SYN_RCVD", 5: "ESTABLISHED", 6: "FIN_WAIT1",
                  7: "FIN_WAIT2", 8: "CLOSE_WAIT", 9: "CLOSING", 10: "LAST_ACK", 11: "TIME_WAIT", 12: "DELETE_TCB"}

# Byte offsets in a row (iphlpapi.h, tcpmib.h, udpmib.h): state, local address, local port, remote
# address, remote port (None: the kind has no such field); addresses are 4 or 16 bytes by family.
ROW_FIELDS = {
    "tcp4-module": (0, 4, 8, 12, 16), "tcp4-pid": (0, 4, 8, 12, 16), "tcp4-basic": (0, 4, 8, 12, 16),
    "tcp4-row2": (0, 4, 8, 12, 16),
    "tcp6-module": (48, 0, 20, 24, 44), "tcp6-pid": (48, 0, 20, 24, 44), "tcp6-row2": (48, 0, 20, 24, 44),
    "tcp6-basic": (0, 4, 24, 28, 48),  # MIB_TCP6ROW: the state first
    "udp4-module": (None, 0, 4, None, None), "udp4-pid": (None, 0, 4, None, None),
    "udp4-basic": (None, 0, 4, None, None),
    "udp6-module": (None, 0, 20, None, None), "udp6-pid": (None, 0, 20, None, None),
    "udp6-basic": (None, 0, 20, None, None),
}


def endpoint_text(raw, v6):
    return str(ipaddress.IPv6Address(raw) if v6 else ipaddress.IPv4Address(raw))


def port_of(row, at):
    return struct.unpack_from(">H", row, at)[0]  # network order in the DWORD's low bytes


def decode_row(kind, row):
    """(socket key, state name or None) of one row."""
    state_at, local_at, lport_at, remote_at, rport_at = ROW_FIELDS[kind]
    v6 = kind[3] == "6"
    size = 16 if v6 else 4
    local = endpoint_text(row[local_at:local_at + size], v6)
    if state_at is None:
        return ("udp", 6 if v6 else 4, local, port_of(row, lport_at), None, None), None
    remote = endpoint_text(row[remote_at:remote_at + size], v6)
    state = WINDOWS_STATES.get(struct.unpack_from("<I", row, state_at)[0], "OTHER")
    return ("tcp", 6 if v6 else 4, local, port_of(row, lport_at), remote, port_of(row, rport_at)), state


def table_rows(t):
    """[(row address, row bytes, key, state)] of a logged table."""
    rows = []
    for i in range(t["entries"]):
        at = t["rows_offset"] + i * t["row_size"]
        row = t["bytes"][at:at + t["row_size"]]
        key, state = decode_row(t["kind"], row)
        rows.append((t["addr"] + at, row, key, state))
    return rows


def proc_net(directory):
    """{socket key: state name or None} of one /proc/net snapshot."""
    sockets = {}
    for name in ("tcp", "tcp6", "udp", "udp6"):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            continue
        v6 = name.endswith("6")
        with open(path, encoding="ascii") as f:
            next(f)
            for line in f:
                fields = line.split()
                (laddr, lport), (raddr, rport) = (x.split(":") for x in fields[1:3])
                local, remote = (host_address(a, v6) for a in (laddr, raddr))
                if name.startswith("tcp"):
                    key = ("tcp", 6 if v6 else 4, local, int(lport, 16), remote, int(rport, 16))
                    sockets[key] = LINUX_STATES.get(int(fields[3], 16), "OTHER")
                else:
                    sockets[("udp", 6 if v6 else 4, local, int(lport, 16), None, None)] = None
    return sockets


def host_address(text, v6):
    """/proc/net prints each 32-bit word of an address in host (little-endian) order."""
    raw = b"".join(struct.pack("<I", int(text[i:i + 8], 16)) for i in range(0, len(text), 8))
    return endpoint_text(raw, v6)


def output_key(s):
    tcp = s["protocol"] == "TCP"
    return (s["protocol"].lower(), 6 if s["family"] == "ipv6" else 4, s["local_addr"], s["local_port"],
            s["remote_addr"] if tcp else None, s["remote_port"] if tcp else None)


def run_jsonl(native, args):
    run = subprocess.run([native] + args, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"wine_connections: mibtcp {' '.join(args)} exited {run.returncode}: {run.stderr.strip()}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def overwritten(tables, t, start, end):
    """Whether a table logged after t covers any of the bytes [start, end) (the carve judge's rule)."""
    return any(later["seq"] > t["seq"] and later["addr"] < end and start < later["addr"] + later["table_size"]
               for later in tables)


def judge_image(native, image, address_key, tables, truth):
    """Figures of `mibtcp connections` on one image (see the module docstring)."""
    sockets = run_jsonl(native, ["connections", "--format", "jsonl", "--no-progress", image.path])
    last = max(truth)
    live = [t for t in tables if t["live"]]
    live_addresses = {t["addr"] for t in live}
    by_key = {}
    for s in sockets:
        by_key.setdefault(output_key(s), []).append(s)
    sighted_at = {}  # key -> {table address}
    for key, group in by_key.items():
        sighted_at[key] = {int(x[address_key]) for s in group for x in s["sightings"] if address_key in x}
    carved_tables = {a for sights in sighted_at.values() for a in sights}

    live_truth = set(truth[last])
    live_found = {k for k in live_truth if sighted_at.get(k, set()) & live_addresses}
    # the sockets of live tables the carver found (one-row tables and short UDP PID and basic ones it
    # cannot find: the carve judge counts those)
    in_found_live = {key for t in live if t["addr"] in carved_tables for _, _, key, _ in table_rows(t)}
    # Once: one corroborated socket per live key (a lone orphan row whose PID a heap overwrote is a
    # socket of its own, flagged uncorroborated, and counted with the invented ones below).
    duplicated = {k for k in live_truth if sum(1 for s in by_key.get(k, []) if s["corroborated"]) > 1}
    missing_sightings = []
    for t in live:
        if t["addr"] not in carved_tables:
            continue  # the carver did not find this table (the carve judge counts those)
        for _, _, key, _ in table_rows(t):
            if t["addr"] not in sighted_at.get(key, set()):
                missing_sightings.append({"table": t["seq"], "kind": t["kind"], "socket": list(key)})

    logged_keys, intact_keys = set(), set()
    for t in tables:
        for address, row, key, _ in table_rows(t):
            logged_keys.add(key)
            if not t["live"] and not overwritten(tables, t, address, address + len(row)) and \
                    image.read(address, len(row)) == row:
                intact_keys.add(key)
    earlier = set().union(*(set(truth[p]) for p in truth if p != last))
    stale_only = earlier - live_truth
    stale_intact = stale_only & intact_keys
    stale_found = {k for k in stale_only if k in by_key}
    corroborated = {output_key(s) for s in sockets if s["corroborated"]}
    kernel = set().union(*(set(v) for v in truth.values()))
    invented = sorted(corroborated - logged_keys, key=str)
    uncorroborated_invented = sorted({output_key(s) for s in sockets} - corroborated - logged_keys, key=str)
    not_in_kernel = sorted({output_key(s) for s in sockets} - kernel, key=str)
    return {"sockets": len(sockets), "uncorroborated": len(sockets) - len(corroborated),
            "live_truth": len(live_truth), "live_found": len(live_found),
            "live_in_found_tables": len(in_found_live), "live_in_found_tables_found": len(in_found_live & live_found),
            "live_not_found": sorted(map(list, live_truth - live_found)), "live_duplicated": len(duplicated),
            "live_sightings_missing": missing_sightings, "stale_only": len(stale_only),
            "stale_only_intact": len(stale_intact), "stale_only_found": len(stale_found),
            "stale_only_intact_found": len(stale_intact & stale_found),
            "stale_only_intact_missed": sorted(map(list, stale_intact - stale_found)),
            "uncorroborated_invented": [list(k) for k in uncorroborated_invented],
            "invented": [list(k) for k in invented], "not_in_kernel": [list(k) for k in not_in_kernel]}


def judge_diffs(native, work, tables, truth):
    """`mibtcp diff` on each pair of consecutive polls' logged tables against the snapshots."""
    polls = sorted(truth)
    directories = {}
    for poll in polls:
        d = os.path.join(work, "poll-tables", f"poll-{poll:02d}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for t in tables:
            if t["poll"] == poll and t["case"] == "poll":
                with open(os.path.join(d, os.path.basename(t["file"])), "wb") as f:
                    f.write(t["bytes"])
        directories[poll] = d
    pairs = exact = 0
    wrong = []
    for a, b in zip(polls, polls[1:]):
        out = run_jsonl(native, ["diff", "--format", "jsonl", "--no-progress", directories[a], directories[b]])
        said = {change: {output_key(s) for s in out if s["change"] == change} for change in ("opened", "closed")}
        said["changed"] = {(output_key(s), s.get("state_before"), s.get("state_after"))
                           for s in out if s["change"] == "changed" and "state_before" in s}
        before, after = truth[a], truth[b]
        want = {"opened": set(after) - set(before), "closed": set(before) - set(after),
                "changed": {(k, before[k], after[k]) for k in set(before) & set(after)
                            if before[k] is not None and before[k] != after[k]}}
        pairs += 1
        if said == want:
            exact += 1
        else:
            wrong.append({"polls": [a, b], **{f"{c}_{w}": sorted(map(str, (said[c] - want[c]) if w == "extra"
                                                                            else (want[c] - said[c])))
                                             for c in want for w in ("extra", "missing")}})
    return {"pairs": pairs, "exact": exact, "wrong": wrong}


def measure(native, work, tables, images):
    """Prints the figures; returns (summary, gate failures)."""
    truth = {}
    root = os.path.join(work, "proc-net")
    for name in sorted(os.listdir(root)):
        truth[int(name.split("-")[1])] = proc_net(os.path.join(root, name))
    summary, failures = {}, []
    print("\nconnections, judged against /proc/net and the logged rows:")
    for name, image, address_key in images:
        f = judge_image(native, image, address_key, tables, truth)
        summary[name] = f
        print(f"  {name}: {f['sockets']} sockets ({f['uncorroborated']} uncorroborated: one orphan row); live "
              f"(the last snapshot's {f['live_truth']}): {f['live_found']} found in a live table, "
              f"{f['live_in_found_tables_found']} of the {f['live_in_found_tables']} in live tables the carver found, "
              f"{f['live_duplicated']} more than once, {len(f['live_sightings_missing'])} live sightings missing; "
              f"stale only: {f['stale_only_found']} of {f['stale_only']} found ({f['stale_only_intact_found']} of "
              f"the {f['stale_only_intact']} with a row intact); invented: {len(f['invented'])} corroborated, "
              f"{len(f['uncorroborated_invented'])} uncorroborated (sockets not in the kernel's snapshots: "
              f"{len(f['not_in_kernel'])})")
        for key in f["live_not_found"]:
            print(f"    live socket not found in a live table: {key}")
        for key in f["stale_only_intact_missed"]:
            print(f"    stale-only socket with an intact row, not found: {key}")
        for key in f["uncorroborated_invented"]:
            print(f"    uncorroborated, not in any logged row (a damaged row): {key}")
        for miss in f["live_sightings_missing"][:10]:
            print(f"    missing live sighting: {miss}")
        for key in f["invented"]:
            print(f"    invented: {key}")
        if f["invented"]:
            failures.append(f"{name}: {len(f['invented'])} invented sockets")
        if f["live_in_found_tables_found"] < f["live_in_found_tables"]:
            failures.append(f"{name}: {f['live_in_found_tables'] - f['live_in_found_tables_found']} sockets of the "
                            "live tables found not output")
        if f["live_duplicated"] or f["live_sightings_missing"]:
            failures.append(f"{name}: live sockets duplicated ({f['live_duplicated']}) or missing sightings "
                            f"({len(f['live_sightings_missing'])})")
    d = judge_diffs(native, work, tables, truth)
    summary["diff"] = d
    print(f"  diff: {d['exact']} of {d['pairs']} consecutive poll pairs match the snapshots exactly "
          "(opened, closed, changed state)")
    for w in d["wrong"]:
        print(f"    {json.dumps(w)}")
    if d["exact"] < d["pairs"]:
        failures.append(f"diff: {d['pairs'] - d['exact']} poll pairs differ from the snapshots")
    return summary, failures
