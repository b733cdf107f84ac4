"""What the Wine corpus scripts share: a private network namespace and the Wine launcher.

Wine's iphlpapi reports the Linux host's sockets (its nsiproxy driver, running in winedevice.exe,
reads /proc/net/tcp and friends). In a fresh network namespace with only loopback up, the sockets
a script opens are all there is, so the tables are deterministic and hold no host data.
"""
import fcntl
import os
import shutil
import socket
import struct
import subprocess
import sys

NAMESPACE_MARK = "MIBTCP_WINE_NETNS"


def wine_loader():
    return os.environ.get("WINE") or shutil.which("wine") or "/usr/lib/wine/wine64"


def wineserver():
    return shutil.which("wineserver") or "/usr/lib/wine/wineserver"


def stop_wineserver():
    """Ends the prefix's wineserver (and the winedevice.exe it runs), so the next Wine program
    starts a new one in the caller's network namespace."""
    subprocess.run([wineserver(), "-k"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([wineserver(), "-w"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def in_private_namespace():
    return os.environ.get(NAMESPACE_MARK) == "1"


def reexec_in_private_namespace(tag):
    """Runs this script again in a new network namespace (unshare -n as root, unshare -rn
    otherwise) and exits with its status. Returns only when no namespace can be made (no
    unshare, no user namespaces): the caller then runs on the host and says so."""
    if in_private_namespace():
        return
    unshare = shutil.which("unshare")
    command = [unshare, "-n"] if os.geteuid() == 0 else [unshare, "-r", "-n"]
    if unshare is None or subprocess.run(command + ["true"], stderr=subprocess.DEVNULL).returncode != 0:
        print(f"{tag}: cannot make a network namespace (unshare): running on the host's sockets")
        return
    # The wineserver of this prefix (if any) lives in the host's namespace: stop it, so the
    # one the script starts, and its winedevice.exe, see the private namespace.
    stop_wineserver()
    environment = dict(os.environ, **{NAMESPACE_MARK: "1"})
    status = subprocess.run(command + [sys.executable] + sys.argv, env=environment).returncode
    sys.exit(status)


def bring_loopback_up():
    """In the private namespace: loopback up (IPv4 127.0.0.1 and IPv6 ::1), as `ip link set lo
    up` does, through the SIOCSIFFLAGS ioctl so that iproute2 need not be installed."""
    if not in_private_namespace():
        return
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s.fileno(), siocgifflags, request))[1]
        fcntl.ioctl(s.fileno(), siocsifflags, struct.pack("16sH22x", b"lo", flags | iff_up))
