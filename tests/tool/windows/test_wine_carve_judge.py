#!/usr/bin/env python3
"""The judge of wine_carve_corpus.py on hand-made images and hand-made hits (no Wine, no carver).

Builds a small LiME file and a minidump holding the same memory: a live tcp4-basic table, a freed
tcp4-pid table whose header the heap overwrote, an empty live udp4-basic table and an unlogged
byte-for-byte copy of the live table; then feeds judge() hits a carver could report and checks
each is classified as the module docstring of wine_carve_corpus.py says. Byte layouts are written
out here from the SDK (tcp4-basic: 4-byte header, 20-byte rows; tcp4-pid: 4 and 24).
Usage: test_wine_carve_judge.py   (exit 0: every check held)
"""
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
import wine_carve_corpus as corpus  # noqa: E402

LIVE, FREED, EMPTY, COPY, NOISE = 0x10000, 0x10400, 0x10800, 0x10C00, 0x10E00
LAYOUT = {"tcp4-basic": (4, 20), "tcp4-pid": (4, 24), "udp4-basic": (4, 8)}


def tcp4_basic(rows):
    return struct.pack("<I", len(rows)) + b"".join(
        struct.pack("<I4sI4sI", 5, bytes([127, 0, 0, 1]), port, bytes([127, 0, 0, 1]), 80) for port in rows)


def tcp4_pid(rows):
    return struct.pack("<I", len(rows)) + b"".join(
        struct.pack("<I4sI4sII", 2, bytes([10, 0, 0, 7]), port, bytes(4), 0, 1234) for port in rows)


def table(seq, poll, kind, address, data, live):
    rows_offset, row_size = LAYOUT[kind]
    return {"seq": seq, "poll": poll, "case": "poll", "kind": kind, "addr": address, "block_addr": address,
            "block_size": len(data) + 16, "table_size": len(data), "entries": (len(data) - rows_offset) // row_size,
            "rows_offset": rows_offset, "row_size": row_size, "bytes": data, "live": live}


def memory():
    live = tcp4_basic([0x1F90, 0x1F91])
    freed = tcp4_pid([0x50, 0x51, 0x52])
    empty = struct.pack("<I", 0)
    region = bytearray(0x1000)
    region[LIVE - LIVE:LIVE - LIVE + len(live)] = live
    region[FREED - LIVE:FREED - LIVE + len(freed)] = freed
    region[FREED - LIVE:FREED - LIVE + 4] = b"\xA0\xB0\xC0\xD0"  # the heap's free-list link over dwNumEntries
    region[FREED - LIVE + 4 + 24:FREED - LIVE + 4 + 28] = b"\xEE" * 4  # ... and one damaged row
    region[EMPTY - LIVE:EMPTY - LIVE + 4] = empty
    region[COPY - LIVE:COPY - LIVE + len(live)] = live
    tables = [table(0, 1, "tcp4-pid", FREED, freed, False), table(1, 2, "tcp4-basic", LIVE, live, True),
              table(2, 2, "udp4-basic", EMPTY, empty, True)]
    return bytes(region), tables


def write_lime(path, region):
    with open(path, "wb") as f:
        f.write(struct.pack("<IIQQQ", corpus.LIME_MAGIC, 1, LIVE, LIVE + len(region) - 1, 0))
        f.write(region)


def write_minidump(path, region):
    directory, memory64 = 32, 44
    data = memory64 + 16 + 16
    with open(path, "wb") as f:
        f.write(struct.pack("<IIIIIIQ", corpus.MINIDUMP_MAGIC, 0xA793, 1, directory, 0, 0, 0))
        f.write(struct.pack("<III", corpus.MEMORY64_LIST_STREAM, 32, memory64))
        f.write(struct.pack("<QQ", 1, data))
        f.write(struct.pack("<QQ", LIVE, len(region)))
        f.write(region)


def hit(kind, address, rows, header, key):
    return {"kind": kind, key: address, "rows": rows, "header": header, "offset": 0}


def check(condition, what):
    if not condition:
        print("FAIL", what)
        check.failures += 1


check.failures = 0


def main():
    region, tables = memory()
    with tempfile.TemporaryDirectory() as work:
        for name, writer, key in (("lime", write_lime, "pa"), ("minidump", write_minidump, "va")):
            path = os.path.join(work, name)
            writer(path, region)
            image = corpus.Image(path)
            check(image.read(LIVE, 44) == tables[1]["bytes"], f"{name}: the live table reads back")
            check(image.read(LIVE + 0xFF0, 32) is None, f"{name}: bytes past the range are not there")
            hits = [hit("tcp4-basic", LIVE, 2, True, key),        # the live table, exact
                    hit("tcp4-pid", FREED + 4, 3, False, key),    # the freed table's rows, headerless
                    hit("tcp4-basic", COPY, 2, True, key),        # the unlogged copy
                    hit("udp4-basic", NOISE, 6, True, key),       # a table where none was logged
                    hit("udp4-basic", NOISE + 0x100, 6, False, key)]  # an orphan run nowhere
            by_kind, by_poll = corpus.judge(image, hits, tables, LAYOUT)
            basic, pid, udp = by_kind["tcp4-basic"], by_kind["tcp4-pid"], by_kind["udp4-basic"]
            check((basic["live"], basic["live_found"], basic["hits_copy"]) == (1, 1, 1),
                  f"{name}: live found and copy explained: {basic}")
            check((udp["live"], udp["live_empty"], udp["hits_false_table"], udp["hits_unexplained"]) == (0, 1, 1, 1),
                  f"{name}: empty live table apart, one false table, one unexplained run: {udp}")
            check((pid["freed_rows"], pid["freed_rows_surviving"], pid["freed_rows_recovered"]) == (3, 2, 2),
                  f"{name}: freed rows 3 logged, 2 intact, 2 carved: {pid}")
            check(pid["hits_in_buffers"] == 1 and by_poll == {1: [3, 2, 2]}, f"{name}: by poll {by_poll}")

            # Without the live hit, the table is missed; a hit at its address with other rows too.
            by_kind, _ = corpus.judge(image, [hit("tcp4-basic", LIVE, 1, True, key)], tables, LAYOUT)
            basic = by_kind["tcp4-basic"]
            check(basic["live_found"] == 0 and len(basic["live_missed"]) == 1 and basic["hits_live_wrong_rows"] == 1
                  and basic["hits_false_table"] == 0, f"{name}: wrong rows are a miss, not a false table: {basic}")
            # A later table written over the freed one's rows takes them: no longer intact for it.
            later = dict(tables[1], seq=3, addr=FREED + 4 + 48, table_size=24, live=True)
            by_kind, _ = corpus.judge(image, [], tables + [later], LAYOUT)
            check(by_kind["tcp4-pid"]["freed_rows_surviving"] == 1, f"{name}: overwritten rows do not survive")
    print(f"test_wine_carve_judge: {check.failures} failures")
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
