#!/usr/bin/env python3
"""`mibtcp capture` round trip under Wine, checked against sockets this script owns.

Opens loopback TCP listeners and connections and UDP sockets (IPv4, and IPv6 where the host has
it) on the Linux side, runs mibtcp.exe capture under Wine (which reports the host's sockets), then:
every call of the manifest succeeded and wrote its file; each file's size and SHA-256 (computed here
with hashlib) match the manifest; the native mibtcp decodes every file with --kind <kind> --strict;
and each socket appears in the files of the classes that must list it, with the right ports and
state. Wine's *_CONNECTIONS classes list only ESTABLISHED rows and it leaves PIDs' owners,
timestamps and module info zero, so nothing here depends on those.
Usage: wine_capture.py NATIVE-mibtcp WINDOWS-mibtcp.exe   (WINE: the wine loader)
"""
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile


def open_sockets(family, host):
    """A listener, one connection to it (both ends), an unconnected UDP socket."""
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(4)
    client = socket.create_connection((host, listener.getsockname()[1]))
    server_end, _ = listener.accept()
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.bind((host, 0))
    return [listener, client, server_end, udp]


def expected_rows(sockets, host):
    listener, client, _server_end, udp = sockets
    listen_port, client_port, udp_port = (s.getsockname()[1] for s in (listener, client, udp))
    return {
        "listener": [(host, listen_port, "0.0.0.0" if ":" not in host else "::", 0, "LISTEN")],
        "connections": [(host, client_port, host, listen_port, "ESTABLISHED"),
                        (host, listen_port, host, client_port, "ESTABLISHED")],
        "udp": [(host, udp_port)],
    }


def main():
    native, exe = sys.argv[1], sys.argv[2]
    wine = os.environ.get("WINE", "wine")
    families = {"4": (socket.AF_INET, "127.0.0.1")}
    if socket.has_ipv6:
        try:
            families["6"] = (socket.AF_INET6, "::1")
            socket.socket(socket.AF_INET6, socket.SOCK_STREAM).bind(("::1", 0))
        except OSError:
            del families["6"]
            print("wine_capture: no IPv6 loopback on this host: IPv6 files are decoded but not matched")
    opened = {v: open_sockets(fam, host) for v, (fam, host) in families.items()}
    expected = {v: expected_rows(opened[v], families[v][1]) for v in opened}

    failures = []
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "capture")
        run = subprocess.run([wine, exe, "capture", out], capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"wine_capture: capture exited {run.returncode}: {run.stderr}")
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        for key in ("host", "captured_utc", "windows_version"):
            if not manifest.get(key):
                failures.append(f"manifest: no {key}")
        calls = manifest["calls"]
        if len(calls) != 26:
            failures.append(f"manifest: {len(calls)} calls, expected 9 TCP classes x 2 + 3 UDP classes x 2 + 2")
        for call in calls:
            where = f"{call['function']} {call['class']} {call['family']}"
            if call["return_code"] != 0 or not call["file"]:
                failures.append(f"{where}: return code {call['return_code']}, file {call['file']}")
                continue
            data = open(os.path.join(out, call["file"]), "rb").read()
            if len(data) != call["size"] or hashlib.sha256(data).hexdigest() != call["sha256"]:
                failures.append(f"{call['file']}: size or SHA-256 differs from the manifest")
            kind = call["kind"]
            dump = subprocess.run([native, "dump", "--kind", kind, "--strict", "--format", "jsonl",
                                   os.path.join(out, call["file"])], capture_output=True, text=True)
            if dump.returncode != 0:
                failures.append(f"{call['file']}: mibtcp dump --kind {kind} --strict: {dump.stderr.strip()}")
                continue
            rows = [json.loads(line) for line in dump.stdout.splitlines()]
            version = kind[3]
            if version not in expected:
                continue
            if kind.startswith("udp"):
                want = expected[version]["udp"]
                got = {(r["local_addr"], r["local_port"]) for r in rows}
            else:
                cls = call["class"] or "ALL"  # GetTcpTable2/GetTcp6Table2 list every state
                want = []
                if not cls.endswith("CONNECTIONS"):
                    want += expected[version]["listener"]
                if not cls.endswith("LISTENER"):
                    want += expected[version]["connections"]
                got = {(r["local_addr"], r["local_port"], r["remote_addr"], r["remote_port"], r["state"])
                       for r in rows}
                if cls.endswith("CONNECTIONS") and any(r["state"] == "LISTEN" for r in rows):
                    failures.append(f"{call['file']}: a LISTEN row in a connections table")
                if cls.endswith("LISTENER") and any(r["state"] != "LISTEN" for r in rows):
                    failures.append(f"{call['file']}: a row other than LISTEN in a listener table")
            for row in want:
                if row not in got:
                    failures.append(f"{call['file']}: no row {row}")
        print(f"wine_capture: {len(calls)} calls, {sum(1 for c in calls if c['file'])} files, "
              f"IPv{'/IPv'.join(sorted(expected))} sockets matched; {len(failures)} failures")
    for sockets in opened.values():
        for s in sockets:
            s.close()
    for failure in failures:
        print("FAIL", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
