"""The binding and the CLI say the same thing about the same bytes: every field of every row of
every kind (generated tables, the Wine captures, damaged tables, carved images), compared with
`mibtcp dump/check/carve --format jsonl`."""

import ipaddress
import json
import os
import subprocess

import pytest

import mibtcp
from conftest import CLI_ENV, KINDS, cli_path, gen, jsonl, lime, minidump, run_cli, wine_tables

ANOMALIES = {  # damaged tables that stay readable under the lenient policy
    "tcp": [["--port-high-bits"], ["--reserved-state", "1"], ["--listen-remote", "0"], ["--odd-pid", "2"],
            ["--zero-timestamp", "0"], ["--bad-timestamp", "1"], ["--trailing", "13"], ["--dirty-padding"]],
    "udp": [["--port-high-bits"], ["--odd-pid", "1"], ["--zero-timestamp", "0"], ["--bad-timestamp", "2"],
            ["--bad-flags", "0"], ["--trailing", "7"], ["--dirty-padding"]],
}


def applicable(kind, anomaly):
    """Only anomalies the kind has a field for (gen refuses the others)."""
    needs = {"--odd-pid": "pid", "--zero-timestamp": "module", "--bad-timestamp": "module",
             "--bad-flags": "udp4-module udp6-module", "--dirty-padding": "module", "--reserved-state": "tcp",
             "--listen-remote": "tcp"}
    need = needs.get(anomaly[0])
    if need is None:
        return True
    if need == "pid":
        return "basic" not in kind
    return any(n in kind for n in need.split())


def expect_row(row, want):
    """One Row against one object of `mibtcp dump --format jsonl`, key by key."""
    assert row.index == want["row"]
    assert row.kind.cli_name == want["kind"]
    seen = {"row", "kind"}
    if "state" in want:
        assert row.state == want["state_code"] and row.state.name == want["state"]
        seen |= {"state", "state_code"}
    else:
        assert row.state is None
    for side in ("local", "remote"):
        if side + "_addr" in want:
            # Parsed rather than compared as text: ipaddress spells IPv4-mapped addresses its own way.
            assert getattr(row, side + "_addr") == ipaddress.ip_address(want[side + "_addr"])
            assert getattr(row, side + "_port") == want[side + "_port"]
            seen |= {side + "_addr", side + "_port"}
        else:
            assert getattr(row, side + "_addr") is None and getattr(row, side + "_port") is None
        scope = side + "_scope_id"
        assert getattr(row, scope) == want.get(scope)
        seen.add(scope)
    for key in ("pid", "owner", "offload_state", "flags"):
        assert getattr(row, key) == want.get(key), key
        seen.add(key)
    if "created_filetime" in want:
        assert row.created_filetime == int(want["created_filetime"])
        if want["created"] is None:
            assert row.created is None
        else:
            # The CLI prints 100 ns ticks; datetime holds microseconds: compare the digits datetime has.
            assert row.created.tzinfo is not None
            assert row.created.strftime("%Y-%m-%dT%H:%M:%S.%f") == want["created"][:26]
        assert row.service_tag == int(want["service_tag"])
        assert row.module_info.hex() == want["module_info"]
        seen |= {"created_filetime", "created", "service_tag", "module_info"}
    else:
        assert row.created is None and row.created_filetime is None and row.module_info is None
        assert row.service_tag is None
    assert set(want) <= seen, f"keys the test does not compare: {set(want) - seen}"


def expect_table(data, kind, strict=False):
    extra = ["--strict"] if strict else []
    want = jsonl(dump_jsonl(data, kind, extra))
    table = mibtcp.open(data, kind, strict=strict)
    assert len(table) == len(want)
    rows = list(table.rows())
    for row, w in zip(rows, want):
        expect_row(row, w)
    for i, w in enumerate(want):
        expect_row(table[i], w)
    return len(rows)


def dump_jsonl(data, kind, extra):
    return run_cli("dump", "--kind", kind, "--format", "jsonl", *extra, "-", input=data)


@pytest.mark.parametrize("kind", KINDS)
def test_generated_tables_of_every_kind(kind):
    for seed in (1, 2, 3):
        assert expect_table(gen(kind, 9, seed), kind) == 9
    assert expect_table(gen(kind, 0, 1), kind) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_damaged_tables_of_every_kind(kind):
    compared = 0
    for anomaly in ANOMALIES["tcp" if kind.startswith("tcp") else "udp"]:
        if applicable(kind, anomaly):
            compared += expect_table(gen(kind, 4, 5, *anomaly), kind)
    assert compared > 0


def test_wine_captures():
    tables = wine_tables()
    assert len(tables) > 50
    kinds = set()
    for set_name, name, kind, data in tables:
        expect_table(data, kind)
        expect_table(data, kind, strict=True)
        kinds.add(kind)
    assert len(kinds) >= 10  # every class Wine answers


def check_json(data, kind, strict):
    import json
    import subprocess
    from conftest import CLI_ENV, cli_path
    args = [cli_path(), "check", "--kind", kind, "--format", "json"] + (["--strict"] if strict else []) + ["-"]
    p = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=CLI_ENV)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)


@pytest.mark.parametrize("kind", KINDS)
def test_findings_and_errors_of_invalid_and_damaged_tables(kind):
    cases = [["--count", "1000"], ["--truncate", "3"], ["--port-high-bits"], ["--trailing", "5"], []]
    cases += [["--bad-state", "1"], ["--listen-remote", "2"]] if kind.startswith("tcp") else []
    cases += [["--bad-offload", "2"]] if "row2" in kind else []
    cases += [["--bad-flags", "3"], ["--dirty-padding"]] if kind in ("udp4-module", "udp6-module") else []
    invalid = 0
    for anomaly in cases:
        data = gen(kind, 4, 9, *anomaly)
        for strict in (False, True):
            want = check_json(data, kind, strict)
            got = mibtcp.findings(data, kind, strict)
            assert [(f.code, f.severity, f.row, f.field, f.offset, str(f.value), f.description) for f in got] == \
                [(w["code"], w["severity"], w["row"], w["field"], w["offset"], w["value"], w["message"])
                 for w in want["findings"]]
            assert (got.valid, got.status) == (want["valid"], want["status"])
            if want["valid"]:
                assert len(mibtcp.open(data, kind, strict=strict)) == want["rows"]
                continue
            invalid += 1
            with pytest.raises(mibtcp.InvalidTableError) as e:
                mibtcp.open(data, kind, strict=strict)
            error = want["error"]
            assert (e.value.status, e.value.row, e.value.field, e.value.offset, str(e.value.value)) == \
                (error["status"], error["row"], error["field"], error["offset"], error["value"])
    assert invalid >= 2


def carve_equal(data, path, **options):
    args = []
    if options.get("kinds"):
        args += ["--kind", ",".join(options["kinds"])]
    if "align" in options:
        args += ["--align", options["align"]]
    if "range" in options:
        args += ["--range", f"{options['range'][0]}:{options['range'][1]}"]
    want = jsonl(run_cli("carve", "--format", "jsonl", "--jobs", "1", *args, path))
    want_rows = jsonl(run_cli("carve", "--rows", "--format", "jsonl", "--jobs", "1", *args, path))
    hits = list(mibtcp.carve(path, jobs=1, **options))
    got = [h.as_dict() for h in hits]
    for w in want:
        for key in ("va", "pa"):
            if key in w:
                w[key] = int(w[key])
    assert got == want
    rows = [(h.offset, r) for h in hits for r in h.table]
    assert len(rows) == len(want_rows)
    for (offset, row), w in zip(rows, want_rows):
        assert offset == w.pop("table_offset")
        expect_row(row, w)
    # The same hits from a buffer, an mmap (through the path) and with several threads.
    assert [h.as_dict() for h in mibtcp.carve(data, jobs=3, **options)] == want
    return hits


def test_carve_raw_image(carve_image, tmp_path):
    path = tmp_path / "image.bin"
    path.write_bytes(carve_image)
    hits = carve_equal(carve_image, path)
    assert {h.kind.cli_name for h in hits} >= {"tcp4-module", "tcp6-pid", "udp6-module"}
    carve_equal(carve_image, path, kinds=["tcp4-pid", "udp4-module"], align=8)
    carve_equal(carve_image, path, range=(100000, 300000))


def test_carve_minidump_and_lime(carve_image, tmp_path):
    body = carve_image[:400000]
    dump, where = minidump([(0x10000, os.urandom(5000))], [(0x7FF6A0000000, body), (0x7FF6B0000000, b"\0" * 7000)])
    path = tmp_path / "image.dmp"
    path.write_bytes(dump)
    hits = carve_equal(dump, path)
    va, file_offset = where[1]
    assert hits and all(h.address_key == "va" and h.address == va + h.offset - file_offset for h in hits
                        if file_offset <= h.offset < file_offset + len(body))
    mem = lime([(0x1000, body[:200000]), (0x100000, body[200000:])])
    path = tmp_path / "mem.lime"
    path.write_bytes(mem)
    hits = carve_equal(mem, path)
    assert hits and all(h.address_key == "pa" for h in hits)


def test_malformed_container_is_an_error(tmp_path):
    dump, _ = minidump([(0x10000, b"x" * 100)], [])
    with pytest.raises(mibtcp.ContainerError) as e:
        list(mibtcp.carve(dump[:-50]))
    assert str(e.value) == ("malformed minidump: a memory range's bytes lie outside the file "
                            "(container='raw' scans it as raw bytes)")
    with open(tmp_path / "bad.dmp", "wb") as f:
        f.write(dump[:-50])
    cli = subprocess.run([cli_path(), "carve", str(tmp_path / "bad.dmp")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=CLI_ENV)
    problem = str(e.value).split(" (container=")[0]
    assert cli.returncode == 2 and f"{problem} (--container raw scans it as raw bytes)" in cli.stderr.decode()
    assert list(mibtcp.carve(dump[:-50], container="raw")) == []


CLAUSES = {"states": "state", "addresses": "address", "scope ids": "scope_id", "ports": "port",
           "peers as the states say": "state_endpoints", "PIDs": "pid", "timestamps": "timestamp",
           "module info": "module_info", "offload states": "offload", "flags": "flags", "padding": "padding"}


def expect_reasons(candidate, text):
    """The CLI's reasons ("states 2/2 +12.0; ...") against the binding's Check tallies."""
    import re
    seen = set()
    for clause in text.split("; "):
        m = re.fullmatch(r"(.+) (\d+)/(\d+) ([+-][\d.]+)", clause)
        if m:
            check = candidate.reasons[CLAUSES[m.group(1)]]
            assert (check.passed, check.checked) == (int(m.group(2)), int(m.group(3)))
            assert abs(check.bits - float(m.group(4))) <= 0.05 + 1e-9  # the CLI prints one decimal
            seen.add(CLAUSES[m.group(1)])
        elif clause.startswith(("length exact", "only ")) or "trailing bytes" in clause:
            assert abs(candidate.reasons["length"] - float(clause.rsplit(" ", 1)[1])) <= 0.05 + 1e-9
            slack = candidate.reasons["slack"]
            if "trailing bytes" in clause:
                assert clause.startswith(f"{slack['trailing']} trailing bytes ({slack['slack_stale_rows']} stale rows, "
                                         f"{slack['slack_fill']} fill, {slack['slack_unexplained']} unexplained)")
        else:
            m = re.fullmatch(r"(\d+) repeated rows ([+-][\d.]+)", clause)
            assert m, f"a reason the test does not know: {clause!r}"
            assert candidate.reasons["repeated_row"].checked == int(m.group(1))
            seen.add("repeated_row")
    tallies = {name for name, value in candidate.reasons.items() if isinstance(value, mibtcp.Check)}
    assert tallies == seen


def test_detection_of_every_kind_wine_captures_and_noise():
    inputs = [gen(kind, rows, seed, *anomaly) for kind in KINDS for rows, seed, anomaly in
              ((0, 1, []), (1, 2, []), (6, 3, []), (5, 4, ["--truncate", "9"]), (5, 5, ["--trailing", "30"]))]
    inputs += [data for _, _, _, data in wine_tables()[::3]]
    inputs += [b"", b"\1\0\0", bytes(range(256)) * 3, b"\0" * 64, gen("udp4-basic", 8, 1) * 2]
    for data in inputs:
        want = json.loads(run_cli("detect", "--format", "json", "-", input=data, check=False))
        got = mibtcp.detect(data)
        assert got.verdict == want["verdict"]
        assert (got.kind.cli_name if got.kind else None) == (want["kind"] if want["verdict"] == "decided" else None)
        assert got.not_a_table == want["not_a_table"]
        assert len(got.candidates) == len(want["candidates"])
        for c, w in zip(got.candidates, want["candidates"]):
            assert (c.kind.cli_name, c.confidence, c.bits * mibtcp._mibtcp.EVIDENCE_PER_BIT, c.rows_promised,
                    c.rows_present, c.valid, c.trailing) == \
                (w["kind"], w["confidence"], w["evidence"], w["rows"], w["rows_present"], w["valid"], w["trailing"])
            expect_reasons(c, w["reasons"])
