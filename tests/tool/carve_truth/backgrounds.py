#!/usr/bin/env python3
"""Real false-positive backgrounds: bytes that are not tables but look like what images hold.

  elf      ELF shared libraries of this system (/usr/lib/x86_64-linux-gnu), file by file
  python3  the readable mappings of a running python3 process (/proc/PID/maps + /proc/PID/mem)
           that imported a share of the standard library and built a heap of dicts, strings,
           floats, an in-memory sqlite database and JSON text
  clang    the readable mappings of a clang++ front end that parsed a dozen libstdc++ headers,
           paused on an #include of a FIFO (clang is a CI dependency)
  gdb      the readable mappings of a gdb process that loaded the symbols of this system's
           largest library (optional: gdb is not a CI dependency)
  wine     the readable mappings of a Wine cmd.exe (a Windows heap, PE images) that ran dir,
           set and help; not in the default list (a private prefix takes 10-40 s to create)
  text     /usr/share/doc and /usr/share/man (gzip files decompressed)
  random   seeded pseudo-random bytes
  zeros    zero bytes

Deterministic given the machine: files are taken in sorted order, processes run with address
space randomisation off (setarch -R) and PYTHONHASHSEED=0; each background's SHA-256 is written
down next to it so a rerun can be compared. A background smaller than asked for (a small system)
is returned as it is; the caller reports the real size.

Usage as a script: backgrounds.py NAME SIZE_MIB OUTPUT
"""
import ctypes
import gzip
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

NAMES = ("elf", "python3", "clang", "gdb", "wine", "text", "random", "zeros")
# what each process background needs; the others need only this system's files
_NEEDS = {"clang": "clang++", "gdb": "gdb", "wine": "wine"}


def available(names=NAMES):
    """NAMES without the process backgrounds whose program is not installed here."""
    return [n for n in names if n not in _NEEDS or shutil.which(_NEEDS[n])]
PAGE = 4096


def _files_under(roots):
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    yield path


def elf(size, _seed=0):
    """Shared libraries as a loader maps them: each file starts on a page boundary."""
    out = bytearray()
    for path in _files_under(["/usr/lib/x86_64-linux-gnu"]):
        try:
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
                f.seek(0)
                data = f.read(size - len(out))
        except OSError:
            continue
        out += data
        out += bytes(-len(out) % PAGE)
        if len(out) >= size:
            break
    return bytes(out[:size])


def text(size, _seed=0):
    out = bytearray()
    for path in _files_under(["/usr/share/doc", "/usr/share/man"]):
        try:
            if path.endswith(".gz"):
                with gzip.open(path, "rb") as f:
                    data = f.read()
            else:
                with open(path, "rb") as f:
                    data = f.read()
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        if b"\0" in data[:4096]:  # not text (images, compressed other than gzip)
            continue
        out += data[:size - len(out)]
        if len(out) >= size:
            break
    return bytes(out)


def random_bytes(size, seed=0):
    return random.Random(0x5eed0000 + seed).randbytes(size)


def zeros(size, _seed=0):
    return bytes(size)


_PYTHON_WORKLOAD = r"""
import sys, random, json, sqlite3, collections, decimal, fractions, email.message, http.client
import xml.dom.minidom, urllib.parse, ipaddress, datetime, re, textwrap, csv, io, hashlib, zlib
import argparse, logging, socket, struct, uuid, pathlib, tempfile, unittest, difflib, pprint
target = int(sys.argv[1])
rng = random.Random(1)
store, size, i = [], 0, 0
db = sqlite3.connect(":memory:")
db.execute("create table conn (id integer, laddr text, lport integer, raddr text, rport integer,"
           " state text, pid integer, seen real)")
while size < target:
    rec = {"id": i, "name": "user%05d" % i, "score": rng.random(), "when": datetime.datetime(
           2020, 1, 1) + datetime.timedelta(seconds=rng.randrange(10**8)),
           "addr": str(ipaddress.IPv4Address(rng.getrandbits(32))), "port": rng.randrange(65536),
           "tags": [rng.choice(("a", "bb", "ccc", "dddd")) for _ in range(rng.randrange(6))],
           "blob": rng.randbytes(rng.randrange(8, 200)), "ratio": fractions.Fraction(i, 7),
           "money": decimal.Decimal(rng.randrange(10**6)) / 100}
    store.append(rec)
    if i % 4 == 0:
        store.append(json.dumps({k: str(v) for k, v in rec.items()}))
        db.execute("insert into conn values (?,?,?,?,?,?,?,?)",
                   (i, rec["addr"], rec["port"], str(ipaddress.IPv6Address(rng.getrandbits(128))),
                    rng.randrange(65536), rng.choice(("LISTEN", "ESTABLISHED", "TIME_WAIT")),
                    rng.randrange(1 << 16), rng.random()))
    size += 700
    i += 1
counter = collections.Counter(r["name"][-2:] for r in store if isinstance(r, dict))
print("READY", flush=True)
sys.stdin.read()
"""


def _python_exe():
    return "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def _norandom(argv):
    setarch = shutil.which("setarch")
    return [setarch, os.uname().machine, "-R"] + argv if setarch else argv


def _readable_mappings(pid):
    maps = []
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split()
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            name = parts[5] if len(parts) > 5 else ""
            if parts[1][0] == "r" and name not in ("[vvar]", "[vsyscall]", "[vvar_vclock]"):
                maps.append((lo, hi, name))
    return maps


def _die_with_parent():
    """In the child: be killed when this script dies (a clang paused on its FIFO, say, would
    otherwise wait forever)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def dump_process(argv, size, env=None, stdin_text=None, ready=b"READY", target=None):
    """Start ARGV, wait until it is ready (READY on its stdout, or the callable READY returns
    true), read the readable mappings of it (or of the process TARGET(pid) names), end it."""
    proc = subprocess.Popen(_norandom(argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, preexec_fn=_die_with_parent)
    try:
        if stdin_text:
            proc.stdin.write(stdin_text)
            proc.stdin.flush()
        while callable(ready):
            if proc.poll() is not None:
                raise RuntimeError("%s ended before it was ready" % argv[0])
            if ready():
                break
            time.sleep(0.05)
        while not callable(ready):
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("%s ended before it was ready" % argv[0])
            if ready in line:
                break
        out = bytearray()
        pid = target(proc.pid) if target else proc.pid
        with open("/proc/%d/mem" % pid, "rb", buffering=0) as mem:
            for lo, hi, _name in _readable_mappings(pid):
                try:
                    mem.seek(lo)
                    data = mem.read(min(hi - lo, size - len(out)))
                except OSError:  # a mapping the kernel will not let us read
                    continue
                out += data
                if len(out) >= size:
                    break
        return bytes(out)
    finally:
        proc.kill()
        proc.wait()


def python3(size, _seed=0):
    env = dict(os.environ, PYTHONHASHSEED="0")
    # the workload's heap is about 1.6x the nominal size; ask for what fills SIZE
    return dump_process([_python_exe(), "-c", _PYTHON_WORKLOAD, str(size // 2)], size, env=env)


def gdb(size, _seed=0):
    exe = shutil.which("gdb")
    if not exe:
        raise RuntimeError("gdb not installed")
    # the largest library of the system (libLLVM where clang is installed): gdb's symbol tables
    # for it fill a heap of hundreds of MiB
    libs = [p for p in _files_under(["/usr/lib/x86_64-linux-gnu"]) if ".so" in os.path.basename(p)]
    target = max(libs, key=lambda p: (os.path.getsize(p), p)) if libs else os.path.realpath(
        _python_exe())
    script = ("file %s\ninfo functions ^llvm::Value\necho READY\\n\n" % target).encode()
    return dump_process([exe, "-nx", "-q"], size, stdin_text=script)


_CLANG_SOURCE = "".join("#include <%s>\n" % h for h in (
    "algorithm", "chrono", "filesystem", "functional", "iostream", "map", "memory", "regex",
    "sstream", "string", "thread", "unordered_map", "variant", "vector")) + \
    "std::map<std::string, std::vector<int>> table;\n#include \"%s\"\nint main() {}\n"


def clang(size, _seed=0):
    """A clang++ front end that parsed a dozen libstdc++ headers, paused on an #include of a FIFO."""
    exe = shutil.which("clang++")
    if not exe:
        raise RuntimeError("clang++ not installed")
    with tempfile.TemporaryDirectory(prefix="carve-truth-clang-") as tmp:
        fifo = os.path.join(tmp, "pause.h")
        os.mkfifo(fifo)
        src = os.path.join(tmp, "main.cpp")
        with open(src, "w") as f:
            f.write(_CLANG_SOURCE % fifo)
        writer = []

        def parsed_up_to_fifo():
            # opening a FIFO for writing without blocking succeeds once the reader (clang) has it
            try:
                writer.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                return True
            except OSError:
                return False
        try:
            return dump_process([exe, "-fintegrated-cc1", "-fsyntax-only", src], size,
                                ready=parsed_up_to_fifo)
        finally:
            for fd in writer:
                os.close(fd)


def _wine_process(prefix, name):
    """The pid of the Wine process running NAME in wine prefix PREFIX (Wine starts programs via
    start.exe and the wineserver, so it is not the child we spawned)."""
    for entry in sorted(os.listdir("/proc"), key=lambda d: (len(d), d)):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read()
            with open("/proc/%s/environ" % entry, "rb") as f:
                environ = f.read().split(b"\0")
        except OSError:
            continue
        if name.encode() in cmdline and b"start.exe" not in cmdline \
                and ("WINEPREFIX=" + prefix).encode() in environ:
            return int(entry)
    raise RuntimeError("the Wine process running %s was not found" % name)


def wine(size, _seed=0):
    """A Wine cmd.exe that listed system32, its environment and its help, waiting for input: a
    Windows process heap and PE images, without tables (a private prefix takes ~10-40 s)."""
    exe = shutil.which("wine")
    if not exe:
        raise RuntimeError("wine not installed")
    with tempfile.TemporaryDirectory(prefix="carve-truth-wine-") as prefix:
        env = dict(os.environ, WINEPREFIX=prefix, WINEDEBUG="-all")
        env.pop("DISPLAY", None)
        try:
            subprocess.run([exe, "wineboot", "-i"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=600, check=True)
            return dump_process([exe, "cmd.exe"], size, env=env,
                                # one line: cmd reads a pipe in blocks and drops lines after the first
                                stdin_text=b"dir C:\\windows\\system32 & set & help & echo READY\r\n",
                                target=lambda _pid: _wine_process(prefix, "cmd.exe"))
        finally:
            subprocess.run(["wineserver", "-k"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


BUILDERS = {"elf": elf, "python3": python3, "clang": clang, "gdb": gdb, "wine": wine,
            "text": text, "random": random_bytes, "zeros": zeros}


def build(name, size, seed=0):
    """SIZE bytes (or fewer, when the system has less) of background NAME."""
    return BUILDERS[name](size, seed)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] not in BUILDERS:
        sys.stderr.write("usage: backgrounds.py {%s} SIZE_MIB OUTPUT\n" % ",".join(NAMES))
        return 2
    data = build(argv[0], int(argv[1]) << 20)
    with open(argv[2], "wb") as f:
        f.write(data)
    print("%s: %d bytes, sha256 %s" % (argv[0], len(data), sha256(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
