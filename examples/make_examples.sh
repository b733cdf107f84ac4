#!/usr/bin/env bash
# How the captures in this folder were made: mibtcp.exe (the mingw-w64 build) runs
# `mibtcp capture` under Wine, whose iphlpapi reports the Linux host's sockets. It runs in
# a new network and UTS namespace (unshare -n -u, as root) with only the loopback device
# up and the host name set to "example", so the tables hold only the loopback sockets that
# sockets.py below opens, and no detail of the machine that made them.
# Usage: examples/make_examples.sh BUILD-WIN64/tools/mibtcp/mibtcp.exe OUT-DIR
set -euo pipefail
exe=$(realpath "${1:?usage: make_examples.sh mibtcp.exe OUT-DIR}")
out=$(realpath -m "${2:?usage: make_examples.sh mibtcp.exe OUT-DIR}")
if [ "${MAKE_EXAMPLES_INSIDE:-}" != 1 ]; then
    exec env MAKE_EXAMPLES_INSIDE=1 unshare -n -u "$0" "$@"
fi
ip link set lo up
hostname example
export WINEPREFIX=$(mktemp -d) WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
trap 'wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"' EXIT
wine wineboot -i >/dev/null 2>&1
python3 - "$exe" "$out" <<'PY'
import socket, subprocess, sys
exe, out = sys.argv[1], sys.argv[2]
keep = []
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    for _ in range(3):  # listeners, each with two connections (both ends), and UDP sockets
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.bind((host, 0))
        listener.listen(4)
        keep.append(listener)
        for _ in range(2):
            keep.append(socket.create_connection((host, listener.getsockname()[1])))
            keep.append(listener.accept()[0])
        udp = socket.socket(family, socket.SOCK_DGRAM)
        udp.bind((host, 0))
        keep.append(udp)
subprocess.run(["wine", exe, "capture", out], check=True)
PY
