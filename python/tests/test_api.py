"""The API's promises: buffers without a copy and their lifetime, kinds by any name, detection,
errors with their location (hand-computed offsets), typed attributes."""

import datetime
import enum
import ipaddress
import mmap
import pickle
import struct

import pytest

import mibtcp
from conftest import gen, jsonl, lime, run_cli


def test_every_buffer_type_and_kind_spelling():
    data = gen("tcp4-pid", 5, 3)
    for buf in (data, bytearray(data), memoryview(data), memoryview(bytearray(data))):
        for kind in ("tcp4-pid", "TCP4_PID", mibtcp.Kind.TCP4_PID, 3, None):
            t = mibtcp.open(buf, kind)
            assert len(t) == 5 and t.kind is mibtcp.Kind.TCP4_PID and t.kind.cli_name == "tcp4-pid"
    with pytest.raises(ValueError):
        mibtcp.open(data, "tcp5-pid")
    with pytest.raises(TypeError):
        mibtcp.open("not a buffer", "tcp4-pid")
    assert issubclass(mibtcp.Kind, enum.IntEnum) and len(mibtcp.Kind) == 14


def test_zero_copy_rows_follow_the_buffer():
    data = bytearray(gen("udp4-basic", 2, 1))
    t = mibtcp.open(data, "udp4-basic")
    data[4 + 4] = 0x12  # the first row's port DWORD (header 4, address 4), big-endian byte
    data[4 + 5] = 0x34
    assert t[0].local_port == 0x1234  # read through the table: no copy was made


def test_typed_attributes():
    # A tcp6-module row written by hand (MIB_TCP6ROW_OWNER_MODULE): header 8, row 192; remote endpoint
    # at 24..48, state 2 (LISTEN) at 48, pid at 52, created at 56, module info at 64.
    row = bytearray(192)
    row[0:16] = ipaddress.IPv6Address("fe80::1").packed
    row[16:20] = struct.pack("<I", 7)  # local scope id
    row[20:24] = struct.pack("<I", 0x5000)  # port 80 in network order: bytes 00 50
    row[48:52] = struct.pack("<I", 2)
    row[52:56] = struct.pack("<I", 1234)
    row[56:64] = struct.pack("<q", 132223104000000000 + 5)  # 2020-01-01T00:00:00Z + 500 ns
    row[64:72] = struct.pack("<Q", 0xDEADBEEF)
    data = struct.pack("<II", 1, 0) + bytes(row)
    r = mibtcp.open(data, "tcp6-module")[0]
    assert r.local_addr == ipaddress.IPv6Address("fe80::1") and r.local_scope_id == 7 and r.local_port == 80
    assert r.state is mibtcp.State.LISTEN and r.state == 2
    assert r.remote_addr == ipaddress.IPv6Address("::") and r.remote_port == 0
    assert r.created == datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    assert r.created_filetime == 132223104000000005
    assert r.service_tag == 0xDEADBEEF and r.module_info == bytes(row[64:192])
    assert r.pid == 1234 and r.offload_state is None and r.flags is None and r.offset == 8 and r.index == 0
    assert r == mibtcp.open(data, "tcp6-module")[0] and r.as_dict()["local_port"] == 80


def test_errors_say_where():
    # tcp4-pid, 3 rows: header 4, stride 24, the state is the row's first DWORD: row 1's at 4 + 24 = 28.
    with pytest.raises(mibtcp.InvalidTableError) as e:
        mibtcp.open(gen("tcp4-pid", 3, 1, "--bad-state", "1"), "tcp4-pid")
    err = e.value
    assert (err.status, err.row, err.field, err.offset, err.value) == ("ERR_BAD_STATE", 1, "state", 28, 13)
    assert isinstance(err, mibtcp.Error) and isinstance(err, ValueError) and "row 1" in str(err)
    with pytest.raises(mibtcp.InvalidTableError) as e:
        mibtcp.open(struct.pack("<I", 2) + bytes(30), "tcp4-pid")  # 2 rows need 4 + 48 bytes
    assert (e.value.status, e.value.field, e.value.value) == ("ERR_COUNT_EXCEEDS_BUFFER", "dwNumEntries", 2)
    with pytest.raises(mibtcp.InvalidTableError) as e:
        mibtcp.open(gen("tcp4-pid", 2, 1, "--trailing", "3"), "tcp4-pid", strict=True)
    assert e.value.status == "ERR_LENGTH_MISMATCH"
    with pytest.raises(mibtcp.NotATableError):
        mibtcp.open(b"\0\0\0")
    with pytest.raises(mibtcp.DetectionError):
        mibtcp.open(bytes(range(256)) * 4)


def test_detect():
    d = mibtcp.detect(gen("udp6-module", 6, 2))
    assert d.verdict == "decided" and d.kind is mibtcp.Kind.UDP6_MODULE
    best = d.candidates[0]
    assert best.valid and best.bits > 10 and best.rows_promised == 6 and "state" not in best.reasons
    assert len(d.candidates) == 14 and [c.bits for c in d.candidates] == sorted((c.bits for c in d.candidates),
                                                                                  reverse=True)
    assert best.reasons["address"].checked == 6 and best.reasons["slack"]["trailing"] == 0
    assert mibtcp.detect(b"ab").verdict == "not-a-table" and mibtcp.detect(b"ab").candidates == []


def test_table_lifetime_with_mutable_and_mapped_buffers(tmp_path):
    data = bytearray(gen("tcp4-module", 3, 4))
    t = mibtcp.open(data, "tcp4-module")
    with pytest.raises(BufferError):
        data.extend(b"x" * 4096)  # the export pins the bytes the view proved in range
    with pytest.raises(BufferError):
        del data[:]
    data[:] = bytes(len(data))  # same size, in place: allowed, read as it is now (state 0 reads as an int)
    assert [r.state for r in t] == [0, 0, 0] and t[2].local_port == 0
    t.close()
    assert t.closed and len(t) == 0 and t.obj is None
    with pytest.raises(ValueError):
        t[0]
    data.extend(b"x")  # released
    path = tmp_path / "t.bin"
    path.write_bytes(gen("tcp4-module", 3, 4))
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    with mibtcp.open(m, "tcp4-module") as t:
        rows = t.rows()
        with pytest.raises(BufferError):
            m.close()
    assert list(rows) == []  # closed table: its iterator ends
    m.close()  # released on leaving the with block
    assert t.closed


def test_rows_outlive_the_table_and_iterators_keep_it():
    data = bytearray(gen("udp6-pid", 4, 4))
    it = iter(mibtcp.open(data, "udp6-pid"))  # the only reference to the table is the iterator's
    first = next(it)
    assert len(list(it)) == 3
    del it
    data.extend(b"x")  # table and iterator are gone: the export with them
    assert first.kind is mibtcp.Kind.UDP6_PID and first.state is None and first.remote_addr is None


def test_hits_pickle_and_shards_cover_the_image(carve_image):
    hits = list(mibtcp.carve(carve_image, jobs=1))
    assert pickle.loads(pickle.dumps(hits)) == hits
    for count in (1, 2, 3, 7):
        sharded = [h for s in mibtcp.shards(len(carve_image), count) for h in mibtcp.carve(carve_image, range=s)]
        assert sharded == hits
    assert mibtcp.shards(10, 3) == [(0, 4), (4, 4), (8, 2)]


def test_carve_releases_the_gil(carve_image):
    """While one C call scans a 64 MiB part, a Python thread keeps running: with the GIL held it
    could not run at all until the call returned."""
    import threading
    import time
    big = carve_image * 64
    region = (0, len(big), 0, len(big))
    ticks = []
    running, stop = threading.Event(), threading.Event()

    def tick():
        running.set()
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    thread = threading.Thread(target=tick)
    thread.start()
    running.wait()
    start = time.perf_counter()
    mibtcp._mibtcp._carve_part(big, region, 0, len(big), 0, 1, 0)  # one part: one call, align 1
    end = time.perf_counter()
    stop.set()
    thread.join()
    during = [t for t in ticks if start < t < end]
    assert len(during) >= 3, f"{len(during)} ticks in a {end - start:.3f} s scan"


def test_hit_rows_are_located_in_the_image(carve_image):
    checked = 0
    for hit in mibtcp.carve(carve_image):
        for row in hit.table:
            at = hit.file_offset_of(row)
            assert carve_image[at:at + hit.kind.row_size] == hit.table.obj[row.offset:row.offset + hit.kind.row_size]
            checked += 1
    assert checked > 50


def test_offsets_beyond_4_gib_of_a_sparse_file(tmp_path):
    """A table 4.5 GiB into a sparse file, carved through its mmap over a range around it only."""
    table = gen("tcp4-module", 5, 6)
    where = (9 << 29) + 4096 * 3 + 40
    path = tmp_path / "sparse.img"
    with open(path, "wb") as f:
        f.truncate(5 << 30)
        f.seek(where)
        f.write(table)
    hits = list(mibtcp.carve(str(path), range=(where - (1 << 20), 2 << 20)))
    assert [(h.offset, h.rows, h.header, h.valid) for h in hits] == [(where, 5, True, True)]
    assert [h.as_dict() for h in hits] == jsonl(run_cli("carve", "--format", "jsonl", "--range",
                                                        f"{where - (1 << 20)}:{2 << 20}", path))


def test_memory_above_the_carvers_highest_address_is_counted():
    # A LiME range of 0x2000 bytes ending at the top of the address space: the carver takes
    # addresses up to MIBTCP_CARVE_MAX_OFFSET (2^64 - 4097), so 4097 bytes stay unscanned.
    mem = lime([(2**64 - 0x2000, bytes(0x2000))])
    c = mibtcp.carve(mem)
    assert list(c) == [] and c.unscanned_bytes == 4097 and c.format == "lime" and c.address_key == "pa"


def test_stopping_early_cancels_the_parts_not_started(carve_image):
    big = carve_image * 32
    c = mibtcp.carve(big, jobs=2)
    scanned = []
    scan = c._scan
    c._scan = lambda part: (scanned.append(part), scan(part))[1]
    first = next(c)
    c.__exit__(None, None, None)  # as leaving a with block
    assert first.offset == min(h.offset for h in mibtcp.carve(carve_image, jobs=1))
    assert len(c._parts) == 8 and len(scanned) <= 2 * 2 + 1
    assert c._buffer is None  # released


def test_findings_and_open_detect_the_kind_when_none_is_given():
    data = gen("tcp6-row2", 4, 2, "--odd-pid", "1")
    got = mibtcp.findings(data)
    assert got.valid and [(f.code, f.row, f.field) for f in got] == [("PID_NOT_MULTIPLE_OF_4", 1, "pid")]
    assert mibtcp.open(data).kind is mibtcp.Kind.TCP6_ROW2
    with pytest.raises(mibtcp.AmbiguousError) as e:
        mibtcp.findings(b"\0\0\0\0")  # an empty table: no row tells its kind
    assert e.value.status == "ERR_AMBIGUOUS"
