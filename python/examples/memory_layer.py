#!/usr/bin/env python3
"""Read a table out of a Volatility-3-style memory layer: any object with read(offset, length).

A plugin that knows where a table lies (a pointer it followed, a carve hit) reads the dwNumEntries,
then exactly the table's bytes, and hands them to mibtcp.open(); a layer whose reads are cheap slices
(e.g. an mmap-backed file layer) gives a memoryview, which open() reads without a copy.

usage: memory_layer.py IMAGE OFFSET KIND"""

import mmap
import struct
import sys

import mibtcp


class FileLayer:
    """The smallest memory layer: the bytes of a file, read(offset, length) as Volatility's layers do."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)

    def read(self, offset, length):
        if offset < 0 or offset + length > len(self._map):
            raise IndexError(f"read of {length} bytes at {offset:#x} is outside the layer")
        return memoryview(self._map)[offset:offset + length]


def read_table(layer, offset, kind):
    """The table of kind at offset of layer, as a mibtcp.Table (raises mibtcp.InvalidTableError)."""
    kind = mibtcp.Kind[kind.upper().replace("-", "_")]
    count = struct.unpack("<I", bytes(layer.read(offset, 4)))[0]
    return mibtcp.open(layer.read(offset, kind.header_size + count * kind.row_size), kind)


def main(path, offset, kind):
    layer = FileLayer(path)
    table = read_table(layer, offset, kind)
    for r in table:
        print(r.index, r.local_addr, r.local_port, r.state.name if r.state else "", r.pid)
    table.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], int(sys.argv[2], 0), sys.argv[3]))
