#!/usr/bin/env python3
"""Plant adversarial tables into real backgrounds: a raw image plus its truth (JSON).

The image is one region per background (backgrounds.py), each page-aligned. Into the regions go

  header-anchored tables  dwNumEntries + rows, at 4- or 8-aligned offsets (module kinds: 8),
                          sometimes after a 16-byte heap chunk header, followed by 0-48 bytes of
                          slack (zeros, junk or the background as it was);
  orphan runs             rows without a header, after 16-96 bytes of heap-like junk (chunk
                          headers, pointers, small integers, text) whose DWORDs at -4 and -8
                          are never the row count.

Every (kind, row count, profile) cell is planted COPIES times, spread over the regions in a
seeded order. After planting, the row slot right after every planted object (and before every
orphan run) is checked with the API's structural rules; when the background happens to form a
structurally valid row there, its local port DWORD is zeroed (a guard, recorded in the truth),
so the truth's row count is exactly what a correct carver can find.

Usage: plant.py --out DIR [--mib-per-background N] [--backgrounds elf,python3,...] [--seed S]
                [--typical-copies T] [--adversarial-copies A] [--orphan-copies O]
                [--background-cache DIR]
writes DIR/image.raw and DIR/truth.json.
"""
import argparse
import hashlib
import json
import os
import random
import struct
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import adversarial_tables as at  # noqa: E402
import backgrounds  # noqa: E402

PAGE = 4096
ORPHAN_ROW_COUNTS = (2, 3, 5, 10, 50, 1000)
SINGLE_TRAIT_ROW_COUNTS = (3, 5, 10, 50)  # sizes typical tables of every kind are found at
DEFAULT_BACKGROUNDS = ("elf", "python3", "clang", "gdb", "text", "random", "zeros")


def heap_junk(n, rng):
    """N bytes (a multiple of 8) that look like the allocator's and other objects' leftovers."""
    out = bytearray()
    while len(out) < n:
        pick = rng.randrange(6)
        if pick == 0:  # glibc chunk header: prev_size, size | PREV_INUSE
            out += struct.pack("<QQ", rng.choice((0, rng.getrandbits(32))),
                               (rng.randrange(2, 4096) << 4) | 1)
        elif pick == 1:  # pointers into a heap or a library
            out += struct.pack("<Q", rng.choice((0x000055550000_0000, 0x00007FFF_F000_0000,
                                                 0x00000200_0000_0000)) + (rng.getrandbits(28) << 4))
        elif pick == 2:  # an encoded Windows _HEAP_ENTRY: looks random
            out += rng.randbytes(8)
        elif pick == 3:  # small integers (lengths, refcounts, flags)
            out += struct.pack("<II", rng.randrange(64), rng.randrange(1 << 16))
        elif pick == 4:  # a piece of a string
            out += bytes(rng.randrange(0x61, 0x7b) for _ in range(8))
        else:
            out += bytes(8)
    return bytes(out[:n])


def _cells(args):
    cells = []
    for kind in at.KINDS:
        for n in at.ROW_COUNTS:
            cells += [("table", kind, n, "typical", None)] * args.typical_copies
            cells += [("table", kind, n, "adversarial", None)] * args.adversarial_copies
        for i, single in enumerate(at.single_traits(kind) * args.single_copies):
            n = SINGLE_TRAIT_ROW_COUNTS[i % len(SINGLE_TRAIT_ROW_COUNTS)]
            cells.append(("table", kind, n, "single", single))
        for n in ORPHAN_ROW_COUNTS:
            for i in range(args.orphan_copies):
                cells.append(("orphan", kind, n, "adversarial" if i % 2 == 0 else "typical", None))
    return cells


def _make_object(cell, rng):
    """(bytes to write, offset of the planted table/run inside them, truth record)."""
    what, kind, n, profile, single = cell
    hdr, size = at.header_size(kind), at.row_size(kind)
    if what == "table":
        table, traits = at.make_table(kind, n, profile, rng, single)
        prefix = b""
        if rng.random() < 0.5:
            prefix = struct.pack("<QQ", rng.choice((0, rng.getrandbits(32))),
                                 ((len(table) + 16 + 15) & ~15) | 1)
        slack_len = rng.choice((0, 0, 8, 16, 48))
        slack_kind = rng.choice(("zeros", "junk", "background"))
        slack = bytes(slack_len) if slack_kind == "zeros" else heap_junk(slack_len, rng)
        if slack_kind == "background":
            slack = None  # keep what is there
        record = {"what": "table", "kind": kind, "rows": n, "header": True, "length": len(table),
                  "profile": profile, "traits": traits, "slack": slack_kind if slack_len else "none",
                  "heap_prefix": bool(prefix)}
        return prefix, table, slack, slack_len, record
    traits = at._traits_for(kind, profile, rng)
    rows = b"".join(at.make_rows(kind, n, traits, rng))
    junk = bytearray(heap_junk(rng.choice((16, 32, 64, 96)), rng))
    for back in (4, 8):  # the count slots of both header sizes must not hold N
        if struct.unpack_from("<I", junk, len(junk) - back)[0] == n:
            struct.pack_into("<I", junk, len(junk) - back, n ^ 0x5A5A0000)
    record = {"what": "orphan", "kind": kind, "rows": n, "header": False, "length": len(rows),
              "profile": profile, "traits": traits, "slack": "junk", "heap_prefix": False}
    return bytes(junk), rows, heap_junk(16, rng), 16, record


def _place(region_len, objects, rng):
    """Start offsets (of the table itself) for OBJECTS inside a region, non-overlapping."""
    margin = 64
    need = sum(len(p) + len(t) + sl + margin for p, t, _s, sl, _r in objects)
    free = region_len - need - 64
    if free < 0:
        raise SystemExit("plant: the planted tables (%d bytes) do not fit a region of %d bytes; "
                         "use fewer copies or larger regions" % (need, region_len))
    cuts = sorted(rng.randrange(free + 1) for _ in objects)
    starts, cursor, prev_cut = [], 32, 0
    for (prefix, table, _s, slack_len, rec), cut in zip(objects, cuts):
        cursor += cut - prev_cut
        prev_cut = cut
        align = 8 if at.header_size(rec["kind"]) == 8 else rng.choice((4, 8))
        start = cursor + len(prefix)
        start += -start % align
        starts.append(start)
        cursor = start + len(table) + slack_len + margin
    return starts


def _guard(image, region_lo, region_hi, rec, owned):
    """Make the row slots around a planted object non-structural if the background made them so."""
    kind = rec["kind"]
    size = at.row_size(kind)
    port_off = at.LAYOUTS[kind][2]["local_port"][0]
    slots = [("guard_after", rec["first_row"] + rec["rows"] * size)]
    if not rec["header"]:
        slots.append(("guard_before", rec["first_row"] - size))
    for name, slot in slots:
        rec[name] = False
        if slot < region_lo or slot + size > region_hi:
            continue
        if at.is_structural_row(kind, bytes(image[slot:slot + size])):
            where = slot + port_off
            if any(lo <= where < hi for lo, hi in owned):
                continue  # the port DWORD belongs to another planted object; leave it
            image[where:where + 4] = bytes(4)
            rec[name] = True


def _verify(image, truth):
    """What the truth says is in the image: whole structural tables/runs, non-structural
    neighbours, and for orphan runs no count of their rows in front."""
    for rec in truth:
        kind, n, size, first = rec["kind"], rec["rows"], rec["row_size"], rec["first_row"]
        if rec["header"]:
            table = bytes(image[rec["offset"]:rec["offset"] + rec["length"]])
            assert at.is_structural_table(kind, table) and at._dword(table, 0) == n, rec["id"]
        else:
            for i in range(n):
                row = bytes(image[first + i * size:first + (i + 1) * size])
                assert at.is_structural_row(kind, row), rec
            for back in (4, 8):
                assert at._dword(image, first - back) != n, rec
        after = first + n * size
        if after + size <= len(image) and at.is_structural_row(kind, bytes(image[after:after + size])):
            raise AssertionError("a structural row follows planted object %r" % rec)


def plant(args):
    rng = random.Random(args.seed)
    size = args.mib_per_background << 20
    regions, image, skipped = [], bytearray(), []
    for name in args.backgrounds:
        cache = os.path.join(args.background_cache, "%s-%dMiB.bin" % (name, args.mib_per_background)) \
            if args.background_cache else None
        if cache and os.path.exists(cache):
            with open(cache, "rb") as f:
                data = f.read()
        else:
            try:
                data = backgrounds.build(name, size, args.seed)
            except (OSError, RuntimeError, subprocess.SubprocessError) as err:
                # a process this system will not let us start or read (no ptrace access, say):
                # measured without it, and said so, rather than not at all
                sys.stderr.write("plant: background %s skipped: %s\n" % (name, err))
                skipped.append({"name": name, "reason": str(err)})
                continue
            if cache:
                os.makedirs(args.background_cache, exist_ok=True)
                with open(cache, "wb") as f:
                    f.write(data)
        lo = len(image)
        image += data
        image += bytes(-len(image) % PAGE)
        regions.append({"name": name, "offset": lo, "length": len(image) - lo,
                        "background_bytes": len(data),
                        "background_sha256": hashlib.sha256(data).hexdigest()})
    if not regions:
        raise SystemExit("plant: no background could be built")
    cells = _cells(args)
    rng.shuffle(cells)
    per_region = [[] for _ in regions]
    for i, cell in enumerate(cells):
        per_region[i % len(regions)].append(_make_object(cell, rng))
    truth, owned = [], []
    for region, objects in zip(regions, per_region):
        starts = _place(region["length"], objects, rng)
        planted = 0
        for (prefix, table, slack, slack_len, rec), start in zip(objects, starts):
            at_ = region["offset"] + start
            image[at_ - len(prefix):at_] = prefix
            image[at_:at_ + len(table)] = table
            if slack is not None:
                image[at_ + len(table):at_ + len(table) + slack_len] = slack
            rec["offset"] = at_
            rec["region"] = region["name"]
            rec["first_row"] = at_ + (at.header_size(rec["kind"]) if rec["header"] else 0)
            rec["row_size"] = at.row_size(rec["kind"])
            owned.append((at_ - len(prefix), at_ + len(table)))
            planted += len(table)
            truth.append(rec)
        region["planted_bytes"] = planted
    owned.sort()
    for rec in truth:
        region = next(r for r in regions if r["name"] == rec["region"])
        _guard(image, region["offset"], region["offset"] + region["length"], rec, owned)
    _verify(image, truth)
    truth.sort(key=lambda r: r["offset"])
    for i, rec in enumerate(truth):
        rec["id"] = i
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "image.raw"), "wb") as f:
        f.write(image)
    meta = {"generator": "tests/tool/carve_truth/plant.py", "seed": args.seed,
            "mib_per_background": args.mib_per_background,
            "copies": {"typical": args.typical_copies, "adversarial": args.adversarial_copies,
                       "orphan": args.orphan_copies, "single": args.single_copies},
            "image_bytes": len(image), "image_sha256": hashlib.sha256(image).hexdigest(),
            "regions": regions, "skipped_backgrounds": skipped, "planted": truth}
    with open(os.path.join(args.out, "truth.json"), "w") as f:
        json.dump(meta, f, indent=0)
    return meta


def add_arguments(ap):
    ap.add_argument("--out", required=True, help="directory for image.raw and truth.json")
    ap.add_argument("--mib-per-background", type=int, default=8)
    ap.add_argument("--backgrounds", type=lambda s: s.split(","),
                    default=backgrounds.available(DEFAULT_BACKGROUNDS),
                    help="comma-separated, of: %s (default: those whose program is installed)"
                    % ",".join(backgrounds.NAMES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--typical-copies", type=int, default=1)
    ap.add_argument("--adversarial-copies", type=int, default=3)
    ap.add_argument("--orphan-copies", type=int, default=2)
    ap.add_argument("--single-copies", type=int, default=1,
                    help="single-trait tables: every content trait of every kind this many times")
    ap.add_argument("--background-cache", help="keep/reuse the background bytes in this directory")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(ap)
    args = ap.parse_args(argv)
    for name in args.backgrounds:
        if name not in backgrounds.NAMES:
            ap.error("unknown background %r" % name)
    meta = plant(args)
    print("plant: %d bytes, %d planted objects in %d regions -> %s" % (
        meta["image_bytes"], len(meta["planted"]), len(meta["regions"]), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
