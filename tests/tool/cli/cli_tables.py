"""Independent expectations for the CLI end-to-end tests.

Decodes table bytes from its own statement of the Windows layouts (doc/formats.md's
table, written out again here, never read from the library or the tool) and
checks what `mibtcp dump` printed against it, field by field.

usage:
  cli_tables.py formats KIND TABLE JSONL CSV JSON   every row in all three formats
  cli_tables.py table KIND TABLE OUT [--module-info]  the netstat-like view
  cli_tables.py filter KIND TABLE JSONL [state=A,B] [pid=N] [port=N] [addr=A]
                                                     the rows a filter keeps
  cli_tables.py hexstyles TABLE DIR                  write TABLE as hex in each style
Exit status 0 when everything matches; otherwise the first difference on stderr.
"""
import csv
import datetime
import io
import ipaddress
import json
import struct
import sys

# kind: (header, stride, {field: (offset, size)})
LAYOUTS = {
    "tcp4-module": (8, 160, {"state": (0, 4), "local_addr": (4, 4), "local_port": (8, 4), "remote_addr": (12, 4),
                             "remote_port": (16, 4), "pid": (20, 4), "created": (24, 8), "module_info": (32, 128)}),
    "tcp6-module": (8, 192, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                             "remote_addr": (24, 16), "remote_scope_id": (40, 4), "remote_port": (44, 4),
                             "state": (48, 4), "pid": (52, 4), "created": (56, 8), "module_info": (64, 128)}),
    "tcp4-pid": (4, 24, {"state": (0, 4), "local_addr": (4, 4), "local_port": (8, 4), "remote_addr": (12, 4),
                         "remote_port": (16, 4), "pid": (20, 4)}),
    "tcp6-pid": (4, 56, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                         "remote_addr": (24, 16), "remote_scope_id": (40, 4), "remote_port": (44, 4),
                         "state": (48, 4), "pid": (52, 4)}),
    "tcp4-basic": (4, 20, {"state": (0, 4), "local_addr": (4, 4), "local_port": (8, 4), "remote_addr": (12, 4),
                           "remote_port": (16, 4)}),
    "tcp6-basic": (4, 52, {"state": (0, 4), "local_addr": (4, 16), "local_scope_id": (20, 4), "local_port": (24, 4),
                           "remote_addr": (28, 16), "remote_scope_id": (44, 4), "remote_port": (48, 4)}),
    "tcp4-row2": (4, 28, {"state": (0, 4), "local_addr": (4, 4), "local_port": (8, 4), "remote_addr": (12, 4),
                          "remote_port": (16, 4), "pid": (20, 4), "offload_state": (24, 4)}),
    "tcp6-row2": (4, 60, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                          "remote_addr": (24, 16), "remote_scope_id": (40, 4), "remote_port": (44, 4),
                          "state": (48, 4), "pid": (52, 4), "offload_state": (56, 4)}),
    "udp4-module": (8, 160, {"local_addr": (0, 4), "local_port": (4, 4), "pid": (8, 4), "created": (16, 8),
                             "flags": (24, 4), "module_info": (32, 128)}),
    "udp6-module": (8, 176, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                             "pid": (24, 4), "created": (32, 8), "flags": (40, 4), "module_info": (48, 128)}),
    "udp4-pid": (4, 12, {"local_addr": (0, 4), "local_port": (4, 4), "pid": (8, 4)}),
    "udp6-pid": (4, 28, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4), "pid": (24, 4)}),
    "udp4-basic": (4, 8, {"local_addr": (0, 4), "local_port": (4, 4)}),
    "udp6-basic": (4, 24, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4)}),
}

# The keys of the core issue, in its order; a kind's rows carry those whose field it has.
KEYS = ["row", "kind", "state", "state_code", "local_addr", "local_scope_id", "local_port", "remote_addr",
        "remote_scope_id", "remote_port", "pid", "owner", "created_filetime", "created", "service_tag", "module_info",
        "offload_state",
        "flags"]
KEY_FIELD = {"owner": "pid", "state": "state", "state_code": "state", "created_filetime": "created", "created": "created",
             "service_tag": "module_info"}

STATE_NAMES = {1: "CLOSED", 2: "LISTEN", 3: "SYN_SENT", 4: "SYN_RCVD", 5: "ESTABLISHED", 6: "FIN_WAIT1",
               7: "FIN_WAIT2", 8: "CLOSE_WAIT", 9: "CLOSING", 10: "LAST_ACK", 11: "TIME_WAIT", 12: "DELETE_TCB",
               100: "RESERVED"}


class Mismatch(Exception):
    pass


def expect(cond, message):
    if not cond:
        raise Mismatch(message)


def keys_of(kind):
    fields = LAYOUTS[kind][2]
    return [k for k in KEYS if k in ("row", "kind") or KEY_FIELD.get(k, k) in fields]


def iso8601(filetime):
    """ISO-8601 UTC with 7 fractional digits; None for 0 or outside 1601..9999."""
    if filetime <= 0:
        return None
    seconds, ticks = divmod(filetime, 10_000_000)
    try:
        when = datetime.datetime(1601, 1, 1) + datetime.timedelta(seconds=seconds)
    except OverflowError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%S") + ".%07dZ" % ticks


def addr_text(raw, scope=0, with_scope=False):
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw))
    text = ipaddress.IPv6Address(raw).compressed
    return text + ("%%%d" % scope if with_scope and scope else "")


def u32(b, off):
    return struct.unpack_from("<I", b, off)[0]


def port(raw):
    return ((raw & 0xFF) << 8) | ((raw >> 8) & 0xFF)


def decode(kind, data):
    """The rows as dump's JSON objects should carry them."""
    header, stride, fields = LAYOUTS[kind]
    count = u32(data, 0)
    expect(header + count * stride <= len(data), "table of %d rows does not fit %d bytes" % (count, len(data)))
    rows = []
    for i in range(count):
        base = header + i * stride

        def field(name):
            off, size = fields[name]
            return data[base + off:base + off + size]

        row = {"row": i, "kind": kind}
        for key in keys_of(kind)[2:]:
            name = KEY_FIELD.get(key, key)
            raw = field(name)
            if key == "state":
                row[key] = STATE_NAMES.get(u32(raw, 0), "INVALID")
            elif key.endswith("_addr"):
                row[key] = addr_text(raw)
            elif key.endswith("_port"):
                row[key] = port(u32(raw, 0))
            elif key == "owner":  # Windows' fixed PIDs: 0 the Idle process, 4 the System process
                row[key] = {0: "idle", 4: "system"}.get(u32(raw, 0), "process")
            elif key == "created_filetime":  # 64-bit: a JSON string of digits
                row[key] = str(struct.unpack("<q", raw)[0])
            elif key == "created":
                row[key] = iso8601(struct.unpack("<q", raw)[0])
            elif key == "module_info":
                row[key] = raw.hex()
            elif key == "service_tag":  # OwningModuleInfo[0]: the first ULONGLONG
                row[key] = str(struct.unpack_from("<Q", raw, 0)[0])
            else:
                row[key] = u32(raw, 0)
        rows.append(row)
    return rows


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f.read().splitlines()]


def compare_rows(what, got, want):
    expect(len(got) == len(want), "%s: %d rows, expected %d" % (what, len(got), len(want)))
    for g, w in zip(got, want):
        expect(list(g.keys()) == list(w.keys()), "%s row %s: keys %s, expected %s" % (what, w["row"], list(g), list(w)))
        for key in w:
            expect(g[key] == w[key], "%s row %s: %s = %r, expected %r" % (what, w["row"], key, g[key], w[key]))


def csv_text(value, key=None):
    """A JSON value as its CSV cell: null empty, module_info and the 64-bit values 0x-prefixed hex."""
    if value is None:
        return ""
    if key == "module_info":
        return "0x" + value
    if key in ("created_filetime", "service_tag"):
        return "0x%016x" % (int(value) % 2**64)
    return str(value)


def check_csv(path, kind, want):
    with open(path, "rb") as f:
        raw = f.read()
    expect(raw.endswith(b"\r\n"), "csv: last record does not end in CRLF")
    expect(raw.count(b"\n") == raw.count(b"\r\n"), "csv: a line ends in a bare LF")
    expect(b"\r" not in raw.replace(b"\r\n", b""), "csv: a bare CR")
    records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
    expect(records[0] == keys_of(kind), "csv header %s, expected %s" % (records[0], keys_of(kind)))
    for record in records[1:]:
        expect(len(record) == len(records[0]), "csv: a row with %d fields, header has %d" % (len(record), len(records[0])))
    # Nothing here needs quoting (RFC 4180 quotes only fields with , " CR LF), so nothing may be quoted.
    expect(b'"' not in raw, "csv: a quoted field where none needs quoting")
    compare_rows("csv", [dict(zip(records[0], r)) for r in records[1:]],
                 [{k: csv_text(v, k) for k, v in w.items()} for w in want])


def cmd_formats(kind, table, jsonl, csv_path, json_path):
    with open(table, "rb") as f:
        want = decode(kind, f.read())
    rows = read_jsonl(jsonl)
    compare_rows("jsonl", rows, want)
    check_csv(csv_path, kind, want)
    # And directly: each CSV field is the JSONL value as text (null: empty).
    with open(csv_path, encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    compare_rows("csv vs jsonl", records,
                 [{k: csv_text(v, k) for k, v in r.items()} for r in rows])
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    expect(doc["kind"] == kind, "json kind %r" % doc["kind"])
    expect(doc["count"] == len(want), "json count %r" % doc["count"])
    expect(doc["policy"] in ("lenient", "strict"), "json policy %r" % doc["policy"])
    expect(isinstance(doc["findings"], list), "json findings is not a list")
    compare_rows("json", doc["rows"], want)


def endpoint(addr, port_number, scope):
    if ":" in addr:
        return "[%s%s]:%d" % (addr, "%%%d" % scope if scope else "", port_number)
    return "%s:%d" % (addr, port_number)


def proto(kind):
    return kind[:3].upper() + ("v6" if kind[3] == "6" else "")


def cmd_table(kind, table, out, module_info=False):
    with open(table, "rb") as f:
        want = decode(kind, f.read())
    tcp = kind.startswith("tcp")
    cells = []
    for w in want:
        local = endpoint(w["local_addr"], w["local_port"], w.get("local_scope_id", 0))
        remote = endpoint(w["remote_addr"], w["remote_port"], w.get("remote_scope_id", 0)) if tcp else "*:*"
        if "created" not in w:
            created = ""
        elif w["created"] is not None:
            created = w["created"]
        else:
            created = "-" if int(w["created_filetime"]) == 0 else "unrepresentable"
        extra = w["module_info"] if module_info and "module_info" in w else ""
        cells.append((proto(kind), local, remote, w.get("state", ""), str(w.get("pid", "")), created, extra))
    lw = max([len("Local Address")] + [len(c[1]) for c in cells])
    rw = max([len("Remote Address")] + [len(c[2]) for c in cells])
    fields = LAYOUTS[kind][2]
    # Columns a kind lacks stay empty, and no line ends in blanks.
    line = "{:<5}  {:<%d}  {:<%d}  {:<11}  {:>10}  {:<28}  {}" % (lw, rw)
    header = ("Proto", "Local Address", "Remote Address", "State", "PID" if "pid" in fields else "",
              "Created (UTC)" if "created" in fields else "",
              "Module Info" if module_info and "module_info" in fields else "")
    lines = [line.format(*header).rstrip(" ")]
    lines += [line.format(*c).rstrip(" ") for c in cells]
    with open(out, encoding="utf-8") as f:
        got = f.read().split("\n")
    expect(got[-1] == "", "table: output does not end in a newline")
    compare_lines("table", got[:-1], lines)


def compare_lines(what, got, want):
    expect(len(got) == len(want), "%s: %d lines, expected %d" % (what, len(got), len(want)))
    for n, (g, w) in enumerate(zip(got, want)):
        expect(g == w, "%s line %d:\n  got:      %r\n  expected: %r" % (what, n + 1, g, w))


def matches(row, state=None, pid=None, port_number=None, addr=None):
    if state is not None and row.get("state") not in state:
        return False
    if pid is not None and row.get("pid") != pid:
        return False
    ends = [("local_addr", "local_port", "local_scope_id")]
    if "remote_addr" in row:
        ends.append(("remote_addr", "remote_port", "remote_scope_id"))
    if port_number is not None and not any(row[p] == port_number for _, p, _ in ends):
        return False
    if addr is not None:
        def shown(a, s):
            return row[a] + ("%%%d" % row.get(s, 0) if "%" in addr and row.get(s, 0) else "")
        if not any(shown(a, s) == addr for a, _, s in ends):
            return False
    return True


def cmd_filter(kind, table, jsonl, *terms):
    with open(table, "rb") as f:
        want = decode(kind, f.read())
    criteria = {}
    for term in terms:
        key, value = term.split("=", 1)
        if key == "state":
            criteria["state"] = value.upper().replace("-", "_").split(",")
        elif key in ("pid", "port"):
            criteria["pid" if key == "pid" else "port_number"] = int(value)
        else:
            criteria["addr"] = value
    kept = [w for w in want if matches(w, **criteria)]
    compare_rows("filtered jsonl", read_jsonl(jsonl), kept)
    print(len(kept))


def cmd_hexstyles(table, directory):
    """The table as analysts paste it: one file per style, named after it."""
    with open(table, "rb") as f:
        data = f.read()
    lines16 = [data[i:i + 16] for i in range(0, len(data), 16)]

    def printable(chunk):
        return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)

    styles = {}
    styles["xxd-p"] = "".join(data[i:i + 30].hex() + "\n" for i in range(0, len(data), 30))
    xxd = []
    for n, chunk in enumerate(lines16):
        groups = " ".join(chunk[i:i + 2].hex() for i in range(0, len(chunk), 2))
        xxd.append("%08x: %-39s  %s\n" % (n * 16, groups, printable(chunk)))
    styles["xxd"] = "".join(xxd)
    hexdump = []
    for n, chunk in enumerate(lines16):
        left = " ".join("%02x" % b for b in chunk[:8])
        right = " ".join("%02x" % b for b in chunk[8:])
        hexdump.append("%08x  %-23s  %-23s  |%s|\n" % (n * 16, left, right, printable(chunk)))
    hexdump.append("%08x\n" % len(data))
    styles["hexdump-C"] = "".join(hexdump)
    def windbg_db(address_format):
        lines = []
        for n, chunk in enumerate(lines16):
            left = " ".join("%02x" % b for b in chunk[:8])
            right = " ".join("%02x" % b for b in chunk[8:])
            sep = "-" if chunk[8:] else ""
            lines.append(address_format % (n * 16) + "  %s%s%-23s  %s\n" % (left, sep, right, printable(chunk)))
        return lines

    styles["windbg-db"] = "".join(windbg_db("00000000`0012f%03x"))
    # WinDbg without the 64-bit backtick address, and its word dumps (little-endian groups).
    def words(chunk, size):
        return " ".join(chunk[i:i + size][::-1].hex() for i in range(0, len(chunk), size))

    db32 = windbg_db("0012f%03x")
    styles["windbg-db32"] = "".join(db32)
    styles["windbg-db32-noascii"] = "".join(line[:57].rstrip() + "\n" for line in db32)
    if len(data) % 4 == 0:
        styles["windbg-dw"] = "".join("0012f%03x  %s\n" % (n * 16, words(c, 2)) for n, c in enumerate(lines16))
        styles["windbg-dd"] = "".join(
            "00000000`0012f%03x  %s\n" % (n * 16, words(c, 4)) for n, c in enumerate(lines16))
        styles["windbg-dd-gaps"] = "".join(
            "0012f%03x  %s\n" % (n * 16, words(c, 4).replace(" ", "  ")) for n, c in enumerate(lines16))
        styles["xxd-e"] = "".join(
            "%08x: %-35s  %s\n" % (n * 16, words(c, 4), printable(c)) for n, c in enumerate(lines16))
        styles["od-tx4"] = "".join("%07o %s\n" % (n * 16, words(c, 4)) for n, c in enumerate(lines16))
        styles["od-tx4"] += "%07o\n" % len(data)
    styles["list-0x-comma"] = "".join(", ".join("0x%02x" % b for b in chunk) + ",\n" for chunk in lines16)
    styles["list-space"] = "".join(" ".join("%02X" % b for b in chunk) + "\n" for chunk in lines16)
    styles["list-comma"] = ",".join("%02x" % b for b in data) + "\n"
    styles["comments"] = "# captured by hand\n" + "".join(
        "%s # line %d\n\n" % (chunk.hex(), n) for n, chunk in enumerate(lines16))
    styles["crlf"] = "".join(chunk.hex(" ") + "\r\n" for chunk in lines16)
    for name, text in styles.items():
        with open("%s/%s.hex" % (directory, name), "w", encoding="ascii", newline="") as f:
            f.write(text)
    print(" ".join(styles))


def main(argv):
    commands = {"formats": cmd_formats, "filter": cmd_filter, "hexstyles": cmd_hexstyles}
    try:
        if argv[1] == "table":
            cmd_table(argv[2], argv[3], argv[4], "--module-info" in argv[5:])
        else:
            commands[argv[1]](*argv[2:])
    except Mismatch as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
