#!/usr/bin/env python3
"""Small real tables for detection: `mibtcp capture` under Wine with a controlled socket set.

In a private network namespace (loopback only, nothing of the host), opens sockets step by step
and runs `mibtcp.exe capture` after each step, so every table class is captured empty, with one
row, with two and with a few. The sets are cumulative (nothing is closed: no TIME_WAIT rows):

  empty  no socket at all: every table has 0 rows
  one    a TCP listener and a UDP socket per family (127.0.0.1 / ::1): 1 row in every class
         but the *_CONNECTIONS ones (0)
  two    a second listener and UDP socket per family (0.0.0.0 / ::): 2 rows
  mapped an IPv6 socket connected to the IPv4 listener through ::ffff:127.0.0.1: one row in each
         family's connections (the IPv4 server end, the IPv6 client end with v4-mapped addresses)
  few    one more connection per family and two more UDP sockets per family: 5 TCP, 4 UDP rows

Each set is a directory OUTDIR/SET with the capture's files, its manifest.json and sockets.json:
the sockets this script held (the truth, independent of Wine and mibtcp) and, per file, the local endpoints its rows must have. Every file is checked here: the native `mibtcp dump --kind KIND --strict` decodes
it, with the expected number of rows and every socket of this script in it.
Usage: wine_small_captures.py NATIVE-mibtcp WINDOWS-mibtcp.exe OUTDIR
       wine_small_captures.py --check NATIVE-mibtcp DIR   (no Wine: the checks on sets made earlier;
                                                            ctest runs it on tests/data/wine)
WINE: the wine loader; WINEPREFIX: an initialised prefix.
"""
import json
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import wine_netns  # noqa: E402

TAG = "wine_small_captures"


class Sockets:
    def __init__(self):
        self.held = []
        self.rows = []  # (proto, version, local addr, local port, remote addr, remote port, state)

    def _hold(self, s):
        self.held.append(s)
        return s

    def listener(self, version, host):
        s = self._hold(socket.socket(socket.AF_INET if version == 4 else socket.AF_INET6))
        if version == 6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, 0))
        s.listen(4)
        self.rows.append(("tcp", version, host, s.getsockname()[1], "0.0.0.0" if version == 4 else "::", 0,
                          "LISTEN"))
        return s

    def udp(self, version, host):
        s = self._hold(socket.socket(socket.AF_INET if version == 4 else socket.AF_INET6, socket.SOCK_DGRAM))
        if version == 6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, 0))
        self.rows.append(("udp", version, host, s.getsockname()[1], None, None, None))

    def connection(self, listener, client_version, connect_to):
        """A client socket of client_version connected to listener at connect_to; both ends held."""
        client = self._hold(socket.socket(socket.AF_INET if client_version == 4 else socket.AF_INET6))
        client.connect((connect_to, listener.getsockname()[1]))
        server_end = self._hold(listener.accept()[0])
        for s, version in ((client, client_version), (server_end, 6 if listener.family == socket.AF_INET6 else 4)):
            local, peer = s.getsockname(), s.getpeername()
            self.rows.append(("tcp", version, local[0], local[1], peer[0], peer[1], "ESTABLISHED"))

    def expected(self, kind, cls):
        version = int(kind[3])
        proto = kind[:3]
        rows = [r for r in self.rows if r[0] == proto and r[1] == version]
        if cls and cls.endswith("LISTENER"):
            rows = [r for r in rows if r[6] == "LISTEN"]
        elif cls and cls.endswith("CONNECTIONS"):
            rows = [r for r in rows if r[6] != "LISTEN"]
        return rows

    def close(self):
        for s in self.held:
            s.close()


def decoded_rows(native, kind, path):
    dump = subprocess.run([native, "dump", "--kind", kind, "--strict", "--format", "jsonl", path],
                          capture_output=True, text=True)
    if dump.returncode != 0:
        return None, dump.stderr.strip()
    return [json.loads(line) for line in dump.stdout.splitlines()], None


def capture_set(exe, directory, name, sockets):
    """Captures under Wine into directory/name and writes its sockets.json."""
    target = os.path.join(directory, name)
    run = subprocess.run([wine_netns.wine_loader(), exe, "capture", target], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{TAG}: {name}: capture exited {run.returncode}: {run.stderr.strip()}")
    with open(os.path.join(target, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    files = []
    for call in manifest["calls"]:
        want = sockets.expected(call["kind"], call["class"])
        files.append({"file": call["file"], "kind": call["kind"], "class": call["class"], "rows": len(want),
                      "endpoints": sorted([r[2], r[3]] for r in want)})
    keys = ("protocol", "version", "local_addr", "local_port", "remote_addr", "remote_port", "state")
    with open(os.path.join(target, "sockets.json"), "w", encoding="utf-8") as f:
        json.dump({"set": name, "sockets": [dict(zip(keys, r)) for r in sockets.rows], "files": files}, f,
                  indent=1)
        f.write("\n")


def check_set(native, target):
    """Every file of a set decodes with `mibtcp dump --kind KIND --strict`, with the rows
    sockets.json says. Returns the failures."""
    name = os.path.basename(target)
    with open(os.path.join(target, "sockets.json"), encoding="utf-8") as f:
        truth = json.load(f)
    failures = []
    for entry in truth["files"]:
        if not entry["file"]:
            failures.append(f"{name}: {entry['kind']} {entry['class']}: the call saved no file")
            continue
        path = os.path.join(target, entry["file"])
        rows, error = decoded_rows(native, entry["kind"], path)
        if rows is None:
            failures.append(f"{name}/{entry['file']}: dump --kind {entry['kind']} --strict: {error}")
            continue
        got = sorted([r["local_addr"], r["local_port"]] for r in rows)
        if got != entry["endpoints"]:
            failures.append(f"{name}/{entry['file']}: local endpoints {got}, expected {entry['endpoints']}")
    sizes = [os.path.getsize(os.path.join(target, e["file"])) for e in truth["files"] if e["file"]]
    print(f"{TAG}: {name}: {len(truth['files'])} files, rows per file "
          f"{sorted({e['rows'] for e in truth['files']})}, largest {max(sizes, default=0)} bytes")
    return failures


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        native, directory = os.path.abspath(sys.argv[2]), sys.argv[3]
        failures = [f for name in sorted(os.listdir(directory))
                    if os.path.isfile(os.path.join(directory, name, "sockets.json"))
                    for f in check_set(native, os.path.join(directory, name))]
        for failure in failures:
            print("FAIL", failure)
        sys.exit(1 if failures else 0)
    if len(sys.argv) != 4:
        sys.exit("usage: wine_small_captures.py NATIVE-mibtcp WINDOWS-mibtcp.exe OUTDIR\n"
                 "       wine_small_captures.py --check NATIVE-mibtcp DIR   (no Wine: check the sets in DIR)")
    native, exe, directory = (os.path.abspath(a) for a in sys.argv[1:])
    wine_netns.reexec_in_private_namespace(TAG)
    if not wine_netns.in_private_namespace():
        sys.exit(f"{TAG}: needs a private network namespace (the tables must hold only this script's sockets)")
    wine_netns.bring_loopback_up()
    os.makedirs(directory, exist_ok=True)
    sockets = Sockets()
    names = []

    def capture(name):
        capture_set(exe, directory, name, sockets)
        names.append(name)

    try:
        capture("empty")
        listener4 = sockets.listener(4, "127.0.0.1")
        listener6 = sockets.listener(6, "::1")
        sockets.udp(4, "127.0.0.1")
        sockets.udp(6, "::1")
        capture("one")
        sockets.listener(4, "0.0.0.0")
        sockets.listener(6, "::")
        sockets.udp(4, "0.0.0.0")
        sockets.udp(6, "::")
        capture("two")
        sockets.connection(listener4, 6, "::ffff:127.0.0.1")
        capture("mapped")
        sockets.connection(listener4, 4, "127.0.0.1")
        sockets.connection(listener6, 6, "::1")
        for version, host in ((4, "127.0.0.1"), (4, "0.0.0.0"), (6, "::1"), (6, "::")):
            sockets.udp(version, host)
        capture("few")
    finally:
        sockets.close()
        wine_netns.stop_wineserver()
    failures = [f for name in names for f in check_set(native, os.path.join(directory, name))]
    for failure in failures:
        print("FAIL", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
