#!/usr/bin/env python3
"""Real non-table backgrounds for carving measurements: WORKDIR/bg-NAME.bin, MIB MiB each at most.

  elf     ELF shared libraries and programs of this system, concatenated
  python  the readable memory of a python3 interpreter holding live objects (dicts, lists of small
          integers, strings, floats, a socket module loaded)
  clang   the readable memory of a clang process stopped while compiling a large file
  wine    the readable memory of an idle Wine process (only when wine is installed)
  text    English text from /usr/share/doc and /usr/share/common-licenses
  random  random bytes (seeded)
  zeros   zero bytes
Usage: backgrounds.py WORKDIR MIB
"""
import glob
import gzip
import os
import random
import signal
import subprocess
import sys
import tempfile
import time


def read_process(pid, limit):
    """The readable mappings of a stopped process, concatenated (vvar/vsyscall left out)."""
    out = []
    size = 0
    with open("/proc/%d/maps" % pid) as maps, open("/proc/%d/mem" % pid, "rb", buffering=0) as mem:
        for line in maps:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            if fields[1][0] != "r" or (len(fields) > 5 and fields[5] in ("[vvar]", "[vsyscall]", "[vdso]")):
                continue
            try:
                mem.seek(lo)
                chunk = mem.read(min(hi - lo, limit - size))
            except OSError:
                continue
            out.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
    return b"".join(out)


def stopped_memory(argv, settle, limit, **kw):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    try:
        time.sleep(settle)
        if proc.poll() is not None:
            return b""
        os.kill(proc.pid, signal.SIGSTOP)
        return read_process(proc.pid, limit)
    finally:
        proc.kill()
        proc.wait()


PYTHON_WORKLOAD = r"""
import socket, json, random, time, collections
r = random.Random(5)
keep = [dict((str(i), i * 7) for i in range(50000)), list(range(200000)), [r.random() for _ in range(50000)],
        [(i, i % 17, str(i)) for i in range(30000)], json.dumps({"k%d" % i: [i, i + 1] for i in range(20000)}),
        collections.Counter(r.randrange(1000) for _ in range(100000)), bytearray(r.randbytes(1 << 20))]
print("ready", flush=True)
time.sleep(600)
"""


def elf(limit):
    out, size = [], 0
    files = sorted(f for f in glob.glob("/usr/lib/x86_64-linux-gnu/*.so*") + glob.glob("/usr/bin/*")
                   if os.path.isfile(f) and not os.path.islink(f))
    for f in files:
        with open(f, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
            fh.seek(0)
            b = fh.read(limit - size)
        out.append(b)
        size += len(b)
        if size >= limit:
            break
    return b"".join(out)


def text(limit):
    out, size = [], 0
    for f in sorted(glob.glob("/usr/share/doc/*/*") + glob.glob("/usr/share/common-licenses/*")):
        try:
            b = gzip.open(f).read() if f.endswith(".gz") else open(f, "rb").read()
        except (OSError, EOFError):
            continue
        if b"\0" in b[:4096]:
            continue
        out.append(b)
        size += len(b)
        if size >= limit:
            break
    return b"".join(out)[:limit]


def clang(limit):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "big.c")
        with open(src, "w") as f:
            f.write("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n")
            for i in range(20000):
                f.write("int f%d(int x) { return x * %d + (int)strlen(\"%d\"); }\n" % (i, i, i))
        return stopped_memory(["clang", "-O2", "-c", src, "-o", os.devnull], 4.0, limit)


def wine(limit):
    if subprocess.run(["sh", "-c", "command -v wine"], capture_output=True).returncode != 0:
        return b""
    with tempfile.TemporaryDirectory() as prefix:
        env = dict(os.environ, WINEPREFIX=prefix, WINEDEBUG="-all")
        env.pop("DISPLAY", None)
        subprocess.run(["wine", "wineboot", "-i"], env=env, capture_output=True, timeout=300)
        try:
            proc = subprocess.Popen(["wine", "cmd", "/c", "ping -n 60 127.0.0.1 >nul"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(6)
            pids = subprocess.run(["pgrep", "-f", "cmd.exe"], capture_output=True, text=True).stdout.split()
            data = b""
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGSTOP)
                    data += read_process(int(pid), limit - len(data))
                except (OSError, ValueError):
                    pass
            proc.kill()
            return data
        finally:
            subprocess.run(["wineserver", "-k"], env=env, capture_output=True)


def main():
    work, mib = sys.argv[1], int(sys.argv[2])
    limit = mib << 20
    makers = {
        "elf": elf,
        "python": lambda n: stopped_memory([sys.executable, "-c", PYTHON_WORKLOAD], 3.0, n),
        "clang": clang,
        "wine": wine,
        "text": text,
        "random": lambda n: random.Random(2024).randbytes(n),
        "zeros": lambda n: bytes(n),
    }
    for name, make in makers.items():
        path = os.path.join(work, "bg-%s.bin" % name)
        if os.path.exists(path):
            continue
        data = make(limit)
        if data:
            with open(path, "wb") as f:
                f.write(data)
        print("background %-7s %6.1f MiB" % (name, len(data) / 2**20), file=sys.stderr)


if __name__ == "__main__":
    main()
