"""Bounded Python-level fuzzing of every function, and reference/memory leaks over 100k calls.
Under a sanitizer build (MIBTCP_SANITIZE) ctest runs these with the sanitizer's runtime preloaded."""

import gc
import os
import random
import time
import tracemalloc

import mibtcp
from conftest import KINDS, gen, lime, minidump

FUZZ_SECONDS = float(os.environ.get("MIBTCP_PY_FUZZ_SECONDS", "4"))


def exercise(data, rnd):
    """Every entry point over data; only the documented exceptions may come out."""
    kind = rnd.choice(KINDS)
    strict = rnd.random() < 0.5
    mibtcp.detect(data)
    f = mibtcp.findings(data, kind, strict)
    assert f.valid == (f.status == "OK")
    try:
        t = mibtcp.open(data, kind, strict=strict)
    except mibtcp.InvalidTableError as e:
        assert e.status == f.status and not f.valid
    else:
        assert f.valid
        for r in t:
            r.as_dict()
            repr(r)
        if len(t):
            t[rnd.randrange(len(t))].as_dict()
    try:
        mibtcp.open(data)
    except mibtcp.Error:
        pass
    try:
        for h in mibtcp.carve(data, jobs=rnd.choice([1, 2]), align=rnd.choice([1, 4, 8]),
                              min_rows=rnd.choice([None, 1, 2])):
            h.as_dict()
            for r in h.table:
                r.as_dict()
    except mibtcp.ContainerError:
        pass


def mutate(data, rnd):
    data = bytearray(data)
    for _ in range(rnd.randrange(1, 8)):
        op = rnd.randrange(4)
        if op == 0 and data:
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif op == 1 and data:
            at = rnd.randrange(len(data))
            del data[at:at + rnd.randrange(1, 64)]
        elif op == 2:
            at = rnd.randrange(len(data) + 1)
            data[at:at] = rnd.randbytes(rnd.randrange(1, 64))
        elif len(data) >= 4:
            data[0:4] = rnd.choice([0, 1, 0xFFFFFFFF, 0x80000000, rnd.randrange(1 << 32)]).to_bytes(4, "little")
    return bytes(data)


def seeds():
    out = [gen(k, n, s) for k in KINDS for n, s in ((0, 1), (1, 2), (5, 3))]
    table = gen("tcp4-module", 6, 8)
    dump, _ = minidump([(0x10000, table)], [(0x7FF600000000, table * 2)])
    out += [dump, lime([(0x1000, table), (0x9000, gen("udp6-pid", 40, 2))])]
    return out


def test_fuzz_every_function_for_a_bounded_time():
    rnd = random.Random(int(os.environ.get("MIBTCP_PY_FUZZ_SEED", "20261207")))
    corpus = seeds()
    runs, deadline = 0, time.monotonic() + FUZZ_SECONDS
    while time.monotonic() < deadline:
        pick = rnd.random()
        data = rnd.randbytes(rnd.randrange(64)) if pick < 0.2 else mutate(rnd.choice(corpus), rnd)
        exercise(data, rnd)
        runs += 1
    assert runs > 100


def test_no_leaks_over_100k_calls():
    table = gen("tcp6-module", 4, 3)
    bad = gen("tcp4-pid", 3, 1, "--bad-state", "1")

    def calls(n):
        for i in range(n):
            t = mibtcp.open(table, "tcp6-module")
            r = t[i % 4]
            r.local_addr, r.created, r.module_info, r.state  # noqa: B018 (the getters are what is tested)
            for r in t.rows():
                r.local_port  # noqa: B018
            try:
                mibtcp.open(bad, "tcp4-pid")
            except mibtcp.InvalidTableError:
                pass
            if i % 100 == 0:
                mibtcp.findings(bad, "tcp4-pid")
                mibtcp.detect(table)
                list(mibtcp.carve(table * 3, jobs=1))

    calls(2000)  # warm caches (ipaddress, enum, pymalloc arenas)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    calls(100_000)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # A leak of even one small object per call would be > 3 MB here.
    assert grown < 256 * 1024, f"{grown} bytes still allocated after 100k calls"
