"""The examples in python/examples do what they say, checked against the CLI."""

import ast
import os
import subprocess
import sys

import pytest

import mibtcp
from conftest import gen, jsonl, minidump, run_cli

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def run_example(name, *args):
    p = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), *map(str, args)], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=os.environ, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode(), p.stderr.decode()


def test_carve_minidump_example(carve_image, tmp_path):
    dump, _ = minidump([(0x10000, os.urandom(3000))], [(0x7FF6A0000000, carve_image[:500000])])
    path = tmp_path / "image.dmp"
    path.write_bytes(dump)
    out, err = run_example("carve_minidump.py", path)
    hits = [h for h in jsonl(run_cli("carve", "--format", "jsonl", path)) if h["header"] and h["valid"]]
    rows = sum(h["rows"] for h in hits)
    assert hits and err.strip() == f"{rows} rows"
    for h in hits:
        assert f"{h['kind']} at va {int(h['va']):#x}: {h['rows']} rows" in out


def test_memory_layer_example(tmp_path):
    table = gen("tcp6-pid", 5, 4)
    path = tmp_path / "mem.bin"
    path.write_bytes(os.urandom(1000) + table + os.urandom(50))
    out, _ = run_example("memory_layer.py", path, 1000, "tcp6-pid")
    want = jsonl(run_cli("dump", "--kind", "tcp6-pid", "--format", "jsonl", "--offset", 1000, "--length",
                         len(table), path))
    lines = out.splitlines()
    assert len(lines) == len(want) == 5
    for line, w in zip(lines, want):
        index, addr, port, state, pid = line.split()
        assert (int(index), addr, int(port), state, int(pid)) == (w["row"], w["local_addr"], w["local_port"],
                                                                   w["state"], w["pid"])


def test_dask_example_matches_one_pass(carve_image, tmp_path):
    pytest.importorskip("distributed", reason="python3-distributed is not installed (apt-get install "
                                              "python3-distributed)")
    sys.path.insert(0, EXAMPLES)
    try:
        import dask_carve
    finally:
        sys.path.remove(EXAMPLES)
    paths = []
    for i, data in enumerate([carve_image, carve_image[300000:] + carve_image[:300000]]):
        paths.append(str(tmp_path / f"image{i}.bin"))
        with open(paths[-1], "wb") as f:
            f.write(data)
    out, _ = run_example("dask_carve.py", "--shards", 5, *paths)
    got = {}
    for line in out.splitlines():
        path, hit = line.split(" ", 1)
        got.setdefault(path, []).append(ast.literal_eval(hit))
    for path in paths:
        want = jsonl(run_cli("carve", "--format", "jsonl", path))
        assert got[path] == want and want
    assert [h.as_dict() for h in mibtcp.carve(paths[0])] == got[paths[0]]
