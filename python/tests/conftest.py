"""Shared fixtures: the CLI the binding is compared with, tables made by `mibtcp gen` (a separate
builder, in the test kit), and containers packed here from their published layouts."""

import json
import os
import random
import struct
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINE = os.path.join(REPO, "tests", "data", "wine")
KINDS = ["tcp4-module", "tcp6-module", "tcp4-pid", "tcp6-pid", "tcp4-basic", "tcp6-basic", "tcp4-row2",
         "tcp6-row2", "udp4-module", "udp6-module", "udp4-pid", "udp6-pid", "udp4-basic", "udp6-basic"]


def cli_path():
    path = os.environ.get("MIBTCP_CLI") or os.path.join(REPO, "build", "tools", "mibtcp", "mibtcp")
    if not os.path.exists(path):
        pytest.fail(f"the mibtcp CLI is not at {path}: build it, or set MIBTCP_CLI")
    return path


# Under a sanitizer build the interpreter runs with the sanitizer's shared runtime preloaded
# (LD_PRELOAD); the CLI carries its own, and refuses a second one.
CLI_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def run_cli(*args, check=True, input=None):
    """The CLI's stdout (bytes); a failure shows its stderr."""
    p = subprocess.run([cli_path(), *map(str, args)], input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=CLI_ENV)
    if check and p.returncode != 0:
        raise AssertionError(f"mibtcp {' '.join(map(str, args))}: exit {p.returncode}: {p.stderr.decode()}")
    return p.stdout


def gen(kind, rows=4, seed=1, *anomalies):
    return run_cli("gen", "--kind", kind, "--rows", rows, "--seed", seed, *anomalies, "-o", "-")


def jsonl(data):
    return [json.loads(line) for line in data.decode().splitlines() if line]


def wine_tables():
    """(set, file name, kind, bytes) of every Wine capture."""
    out = []
    for set_name in sorted(os.listdir(WINE)):
        path = os.path.join(WINE, set_name, "sockets.json")
        if not os.path.isfile(path):
            continue
        with open(path) as f:
            for entry in json.load(f)["files"]:
                with open(os.path.join(WINE, set_name, entry["file"]), "rb") as t:
                    out.append((set_name, entry["file"], entry["kind"], t.read()))
    return out


def minidump(ranges, ranges64, when=0x5F5E1000):
    """A minidump (MINIDUMP_HEADER, a directory of a MemoryListStream and a Memory64ListStream) of
    (va, bytes) ranges. @return the file and, per range, (va, file offset of its first byte)."""
    dir_at = 32
    mem_list_at = dir_at + 2 * 12
    mem_list = struct.pack("<I", len(ranges))
    data_at = mem_list_at + 4 + 16 * len(ranges)
    mem64_at = data_at + sum(len(d) for _, d in ranges)
    mem64 = struct.pack("<QQ", len(ranges64), mem64_at + 16 + 16 * len(ranges64))
    datas, at, where = b"", data_at, []
    for va, d in ranges:
        mem_list += struct.pack("<QII", va, len(d), at)
        where.append((va, at))
        datas += d
        at += len(d)
    at = mem64_at + len(mem64) + 16 * len(ranges64)
    for va, d in ranges64:
        mem64 += struct.pack("<QQ", va, len(d))
        where.append((va, at))
        at += len(d)
    head = struct.pack("<IIIIIIQ", 0x504D444D, 0xA793, 2, dir_at, 0, when, 0)
    directory = struct.pack("<III", 5, len(mem_list), mem_list_at) + struct.pack("<III", 9, len(mem64), mem64_at)
    return head + directory + mem_list + datas + mem64 + b"".join(d for _, d in ranges64), where


def lime(ranges):
    """A LiME file of (pa, bytes) ranges: a 32-byte header (magic, version 1, start, end inclusive) per range."""
    out = b""
    for pa, d in ranges:
        out += struct.pack("<IIQQQ", 0x4C694D45, 1, pa, pa + len(d) - 1, 0) + d
    return out


def image(seed=7, size=1 << 20):
    """Random bytes with tables of several kinds planted at 4-aligned offsets (some across a page)."""
    rnd = random.Random(seed)
    body = bytearray(rnd.randbytes(size))
    at = 4096 - 100
    for i, kind in enumerate(KINDS * 2):
        table = gen(kind, 3 + i % 7, 100 + i)
        if at + len(table) > size:
            break
        body[at:at + len(table)] = table
        at += len(table) + rnd.randrange(64, 20000) // 4 * 4
    return bytes(body)


@pytest.fixture(scope="session")
def carve_image():
    return image()
