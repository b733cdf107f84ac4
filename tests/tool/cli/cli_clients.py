"""Every output format through the tools analysts feed it to, with nothing lost or changed.

Inputs: a table of every kind from `mibtcp gen` (module kinds also with a zero and an implausible
creation time), tables built here byte by byte (IPv6 scope ids 13, 37 = '%', 8192, 0xFFFFFFFF;
creation times on both sides of 1995 and 2100, negative, 0, INT64_MAX; service tags past 2^53
and 2^63), the real Wine captures in examples/capture, and `carve --rows` over an image holding
tables of every kind. Clients: Sleuth Kit's mactime (-b FILE, -d and the default output),
jq, Python's csv, pandas.read_csv, Timesketch's import rules (timesketch_rules.py) and plaso's
bodyfile parser (plaso_bodyfile_rules.py).
Expected values come from cli_tables.decode (the layouts stated again in Python) and from
times computed here with datetime, never from the tool's own formatters; JSON is compared with
CSV, mactime with the body file's intent, jq with Python's exact integers.
usage: cli_clients.py MIBTCP EXAMPLES-DIR WORKDIR
"""
import csv
import datetime
import hashlib
import io
import ipaddress
import json
import os
import random
import struct
import subprocess
import sys

import pandas

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_tables  # noqa: E402
import plaso_bodyfile_rules  # noqa: E402
import timesketch_rules  # noqa: E402

MIBTCP, EXAMPLES, WORK = sys.argv[1:4]
EPOCH_1601 = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
UNIX_EPOCH_FT = int((datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) - EPOCH_1601).total_seconds()) * 10**7


def filetime(year, month, day, hour=0, minute=0, second=0, ticks=0):
    when = datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.timezone.utc)
    return int((when - EPOCH_1601).total_seconds()) * 10**7 + ticks


FT_1995, FT_2100 = filetime(1995, 1, 1), filetime(2100, 1, 1)
OBSERVED_TEXT, OBSERVED_FT = "2024-06-01T08:09:10.5Z", filetime(2024, 6, 1, 8, 9, 10, 5000000)
failures = []
checks = 0
counts = {"tables": 0, "rows": 0, "mactime lines": 0, "jq rows": 0, "csv rows": 0, "pandas rows": 0,
          "timesketch events": 0, "carved rows": 0}


def fail(what):
    failures.append(what)
    if len(failures) <= 40:
        print("FAIL:", what)


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fail(what)
    return cond


def run(args, stdin=None, env=None):
    p = subprocess.run(args, input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


def utf8(data, what):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s: invalid UTF-8: %s" % (what, e))
        return data.decode("utf-8", "replace")


def plausible(ft):
    return FT_1995 <= ft < FT_2100


def iso(ft):
    return cli_tables.iso8601(ft)


def unix_seconds(ft):
    return (ft - UNIX_EPOCH_FT) // 10**7


# ---- tables built here, byte by byte ----

def put(row, kind, field, value):
    off, size = cli_tables.LAYOUTS[kind][2][field]
    if isinstance(value, bytes):
        row[off:off + size] = value
    else:
        row[off:off + size] = value.to_bytes(size, "little", signed=value < 0)


def port_dword(number):
    return ((number & 0xFF) << 8) | (number >> 8)


def hand_table(kind, specs):
    header, stride, fields = cli_tables.LAYOUTS[kind]
    data = bytearray(struct.pack("<I", len(specs)) + bytes(header - 4))
    for spec in specs:
        row = bytearray(stride)
        for field, value in spec.items():
            if field in fields:
                put(row, kind, field, value)
        data += row
    return bytes(data)


SCOPES = [0, 13, 37, 8192, 0xFFFFFFFF]
TIMES = [filetime(2024, 5, 1, 12, 0, 0, 1234567), 0, -1, 1, FT_1995 - 1, FT_1995, FT_2100 - 1, FT_2100,
         2**63 - 1, filetime(2024, 6, 1, 8, 9, 10, 5000000)]
TAGS = [2**64 - 1, 2**53 + 1, 0, 2**63, 12345]


def hand_specs(tcp):
    specs = []
    for i in range(len(TIMES)):
        scope = SCOPES[i % len(SCOPES)]
        listening = tcp and i % 3 == 0
        spec = {"local_addr": ipaddress.IPv6Address("fe80::%x" % (i + 1)).packed, "local_scope_id": scope,
                "local_port": port_dword(1000 + i), "pid": 4 * (i + 1), "created": TIMES[i],
                "module_info": TAGS[i % len(TAGS)].to_bytes(8, "little") + bytes(range(120)), "flags": i % 2}
        if tcp:
            spec.update({"state": 2 if listening else 5,
                         "remote_addr": bytes(16) if listening else ipaddress.IPv6Address("fe80::abcd").packed,
                         "remote_scope_id": 0 if listening else SCOPES[(i + 2) % len(SCOPES)],
                         "remote_port": 0 if listening else port_dword(443)})
        specs.append(spec)
    return specs


def inputs():
    tables = []
    for n, kind in enumerate(cli_tables.LAYOUTS):
        args = [MIBTCP, "gen", "--kind", kind, "--rows", "6", "--seed", str(n + 1)]
        if "created" in cli_tables.LAYOUTS[kind][2]:
            args += ["--zero-timestamp", "1", "--bad-timestamp", "2"]
        rc, out, err = run(args)
        check(rc == 0, "gen %s: %s" % (kind, err))
        tables.append(("gen " + kind, kind, out))
    for kind in ("tcp6-module", "udp6-module", "tcp6-basic", "udp6-basic", "tcp6-pid", "udp6-pid"):
        tables.append(("hand-built " + kind, kind, hand_table(kind, hand_specs(kind.startswith("tcp")))))
    with open(os.path.join(EXAMPLES, "capture", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    for call in manifest["calls"]:
        if call["file"]:
            with open(os.path.join(EXAMPLES, "capture", call["file"]), "rb") as f:
                data = f.read()
            check(len(data) == call["size"] and hashlib.sha256(data).hexdigest() == call["sha256"],
                  "examples/capture/%s: size or SHA-256 differs from the manifest" % call["file"])
            tables.append(("wine " + call["file"], call["kind"], data))
    return tables


# ---- what each client must show ----

def endpoint_words(addr, port_number, scope):
    """The body file's endpoint: the scope spelled out, no '%' for mactime to decode."""
    if ":" in addr:
        return "[%s%s]:%d" % (addr, " scope %d" % scope if scope else "", port_number)
    return "%s:%d" % (addr, port_number)


def description(kind, r, words):
    ep = endpoint_words if words else cli_tables.endpoint
    text = "%s %s" % (cli_tables.proto(kind), ep(r["local_addr"], r["local_port"], r.get("local_scope_id", 0)))
    if "remote_addr" in r:
        text += " -> " + ep(r["remote_addr"], r["remote_port"], r.get("remote_scope_id", 0))
    if "state" in r:
        text += " " + r["state"]
    if "pid" in r:
        text += " pid %d" % r["pid"]
    return text


def created_ft(r):
    return int(r["created_filetime"]) if "created_filetime" in r else None


def event_of(kind, r):
    """(datetime, timestamp_desc) Timesketch must show for row r."""
    ft = created_ft(r)
    if ft is not None and plausible(ft):
        if kind.startswith("udp"):
            return iso(ft), "UDP endpoint created"
        return iso(ft), "Listener created" if r["state"] == "LISTEN" else "Socket created"
    return iso(OBSERVED_FT), "Seen in capture"


def check_timesketch(name, kind, table, want):
    rc, out, err = run([MIBTCP, "dump", "--kind", kind, "--format", "timesketch", "--observed", OBSERVED_TEXT, "-"],
                       stdin=table)
    check(rc == 0 and err == b"", "%s: timesketch exit %d: %s" % (name, rc, err))
    try:
        events = timesketch_rules.check_jsonl(out)
    except timesketch_rules.RuleBroken as e:
        return fail("%s: timesketch: %s" % (name, e))
    check(len(events) == len(want), "%s: timesketch: %d events for %d rows" % (name, len(events), len(want)))
    for e, r in zip(events, want):
        when, desc = event_of(kind, r)
        check((e["datetime"], e["timestamp_desc"]) == (when, desc),
              "%s row %d: timesketch %s %r, expected %s %r" % (name, r["row"], e["datetime"], e["timestamp_desc"],
                                                               when, desc))
        # Timesketch's own timestamp: microseconds through a double, so within 1 us of the exact value.
        ticks = int(created_ft(r)) if desc != "Seen in capture" else OBSERVED_FT
        exact = (ticks - UNIX_EPOCH_FT) // 10
        check(abs(e["timestamp"] - exact) <= 1, "%s row %d: timestamp %d, expected %d" % (name, r["row"], e["timestamp"],
                                                                                          exact))
        check(e["message"] == description(kind, r, False), "%s row %d: message %r" % (name, r["row"], e["message"]))
        check(e["observed"] == iso(OBSERVED_FT) and e["observed_source"] == "option",
              "%s row %d: observed %r %r" % (name, r["row"], e["observed"], e["observed_source"]))
        rest = {k: v for k, v in e.items() if k not in ("message", "datetime", "timestamp_desc", "observed",
                                                        "observed_source", "timestamp")}
        check(rest == r, "%s row %d: timesketch keys differ from the row: %r" % (name, r["row"], rest))
    counts["timesketch events"] += len(events)
    # Without an observation time only rows with a plausible creation time are events; the rest are counted.
    rc, out, err = run([MIBTCP, "dump", "--kind", kind, "--format", "timesketch", "-"], stdin=table)
    timed = [r for r in want if created_ft(r) is not None and plausible(created_ft(r))]
    got = timesketch_rules.check_jsonl(out)
    check([e["row"] for e in got] == [r["row"] for r in timed], "%s: unobserved timesketch rows" % name)
    left = len(want) - len(timed)
    check((left == 0) == (err == b"") and (left == 0 or err.startswith(b"mibtcp dump: %d row" % left)),
          "%s: unobserved timesketch stderr %r for %d rows left out" % (name, err, left))


def parse_mactime_d(text):
    lines = text.splitlines()
    if not lines:
        return []
    check(lines[0] == "Date,Size,Type,Mode,UID,GID,Meta,File Name", "mactime -d header %r" % lines[0])
    return [tuple(rec) for rec in csv.reader(io.StringIO("\n".join(lines[1:])))]


def mactime_date(ft):
    return datetime.datetime.fromtimestamp(unix_seconds(ft), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_bodyfile(name, kind, table, want):
    rc, out, err = run([MIBTCP, "dump", "--kind", kind, "--format", "bodyfile", "--observed", OBSERVED_TEXT, "-"],
                       stdin=table)
    check(rc == 0 and err == b"", "%s: bodyfile exit %d: %s" % (name, rc, err))
    body = utf8(out, name + " bodyfile")
    lines = body.splitlines()
    check(len(lines) == len(want), "%s: bodyfile has %d lines for %d rows" % (name, len(lines), len(want)))
    names = {}
    expected = []
    for r in want:
        row_name = "%s (%s row %d)" % (description(kind, r, True), kind, r["row"])
        check("%" not in row_name and "|" not in row_name, "%s: a name mactime would alter: %r" % (name, row_name))
        names[r["row"]] = row_name
        ft = created_ft(r)
        stamps = {mactime_date(OBSERVED_FT): ".a.."}
        if ft is not None and plausible(ft):
            date = mactime_date(ft)
            stamps[date] = ".a.b" if date in stamps else "...b"
        expected += [(date, "0", macb, "0", "0", "0", "0", row_name) for date, macb in stamps.items()]
    # plaso: the same names, atime "Last Access Time" at the observation, crtime "Creation Time".
    try:
        entries = plaso_bodyfile_rules.parse(out)
    except plaso_bodyfile_rules.RuleBroken as e:
        entries = []
        fail("%s: plaso's bodyfile rules: %s" % (name, e))
    for (plaso_name, times), r in zip(entries, want):
        wanted = {"Last Access Time": unix_seconds(OBSERVED_FT)}
        if created_ft(r) is not None and plausible(created_ft(r)):
            wanted["Creation Time"] = unix_seconds(created_ft(r))
        check((plaso_name, times) == ("%s (%s row %d)" % (description(kind, r, True), kind, r["row"]), wanted),
              "%s row %d: plaso reads %r %r" % (name, r["row"], plaso_name, times))
    check(len(entries) == len(want), "%s: plaso reads %d lines for %d rows" % (name, len(entries), len(want)))
    path = os.path.join(WORK, "body.txt")
    with open(path, "wb") as f:
        f.write(out)
    env = dict(os.environ, TZ="UTC")
    # -d: comma-separated; 1995-01-01: the first plausible day, so the 0 placeholders stay out.
    rc, out, err = run(["mactime", "-b", path, "-d", "-y", "1995-01-01"], env=env)
    check(rc == 0, "%s: mactime -d exit %d: %s" % (name, rc, err))
    got = parse_mactime_d(utf8(out, name + " mactime -d"))
    check(sorted(got) == sorted(expected), "%s: mactime -d shows %r, expected %r" % (name, sorted(got)[:4],
                                                                                   sorted(expected)[:4]))
    counts["mactime lines"] += len(got)
    # The default output, without a date range: every name arrives intact, as valid UTF-8.
    rc, out, err = run(["mactime", "-b", path], env=env)
    text = utf8(out, name + " mactime")
    for row, row_name in names.items():
        check(row_name in text, "%s row %d: mactime's default output lacks %r" % (name, row, row_name))


def check_jq(name, jsonl, want):
    rc, out, err = run(["jq", "-c", "."], stdin=jsonl)
    check(rc == 0, "%s: jq: %s" % (name, err))
    rows = [json.loads(line) for line in utf8(out, name + " jq").splitlines()]
    check(rows == want, "%s: jq changed values: %r" % (name, [(a, b) for a, b in zip(rows, want) if a != b][:1]))
    counts["jq rows"] += len(rows)
    # And the 64-bit values through jq's own field access, digit for digit.
    for key in ("created_filetime", "service_tag"):
        if any(key in r for r in want):
            rc, out, err = run(["jq", "-r", "." + key], stdin=jsonl)
            check(out.decode().split() == [r.get(key, "null") for r in want], "%s: jq -r .%s differs" % (name, key))


def csv_text(key, value):
    return cli_tables.csv_text(value, key)


def check_csv(name, data, want, extra_first=None):
    text = utf8(data, name + " csv")
    records = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    check(len(records) == len(want), "%s: csv has %d rows for %d" % (name, len(records), len(want)))
    for rec, r in zip(records, want):
        wanted = {k: csv_text(k, v) for k, v in r.items()}
        got = {k: v for k, v in rec.items() if k in wanted}
        check(got == wanted, "%s row %s: csv %r, expected %r" % (name, r["row"], got, wanted))
        others = [k for k in rec if k not in wanted and k != extra_first]
        check(all(rec[k] == "" for k in others), "%s row %s: csv columns the kind lacks are not empty" % (name, r["row"]))
    counts["csv rows"] += len(records)
    frame = pandas.read_csv(io.StringIO(text))
    check(len(frame) == len(want), "%s: pandas read %d rows for %d" % (name, len(frame), len(want)))
    for i, r in enumerate(want):
        for key, value in r.items():
            cell = frame[key].iloc[i]
            if value is None:
                ok = pandas.isna(cell)
            elif key in ("created_filetime", "service_tag"):  # 0x and 16 hex digits: text, exact
                ok = isinstance(cell, str) and (int(cell, 16) - (2**64 if int(cell, 16) >= 2**63 and
                                                               key == "created_filetime" else 0)) == int(value)
            elif isinstance(value, int):
                ok = not pandas.isna(cell) and int(cell) == value
            else:
                ok = isinstance(cell, str) and cell == csv_text(key, value)
            check(ok, "%s row %d: pandas read %s as %r (%s), expected %r" % (name, r["row"], key, cell,
                                                                          frame[key].dtype, value))
    counts["pandas rows"] += len(frame)


def check_findings(name, kind, table, want):
    """check --format json through jq: a FILETIME finding's value is the row's created_filetime."""
    rc, out, err = run([MIBTCP, "check", "--kind", kind, "--format", "json", "-"], stdin=table)
    rc2, jq_out, _ = run(["jq", "-c", ".findings[]"], stdin=out)
    check(rc2 == 0, "%s: jq cannot read check's JSON" % name)
    by_row = {r["row"]: r for r in want}
    # check's plausibility bounds are the timeline formats': it flags exactly the creation times
    # that never become event times (0 aside, which it reports as unknown).
    implausible = {r["row"] for r in want if created_ft(r) not in (None, 0) and not plausible(created_ft(r))}
    flagged = set()
    for line in utf8(jq_out, name + " findings").splitlines():
        f = json.loads(line)
        if f["code"] == "TIMESTAMP_IMPLAUSIBLE":
            flagged.add(f["row"])
        check(isinstance(f["value"], str), "%s: finding value %r is not a string of digits" % (name, f["value"]))
        if f["field"] == "created" and f["row"] in by_row:
            check(f["value"] == by_row[f["row"]]["created_filetime"],
                  "%s row %d: finding value %s, row says %s" % (name, f["row"], f["value"],
                                                              by_row[f["row"]]["created_filetime"]))
    check(flagged == implausible, "%s: check flags rows %s as implausible, the timelines %s" %
          (name, sorted(flagged), sorted(implausible)))


def check_table(name, kind, table):
    want = cli_tables.decode(kind, table)
    counts["tables"] += 1
    counts["rows"] += len(want)
    outputs = {}
    for fmt in ("jsonl", "json", "csv"):
        rc, out, err = run([MIBTCP, "dump", "--kind", kind, "--format", fmt, "-"], stdin=table)
        check(rc == 0, "%s: dump --format %s exit %d: %s" % (name, fmt, rc, err))
        outputs[fmt] = out
    rows = [json.loads(line) for line in utf8(outputs["jsonl"], name + " jsonl").splitlines()]
    check(rows == want, "%s: jsonl differs from the bytes: %r" % (name, [(a, b) for a, b in zip(rows, want)
                                                                        if a != b][:1]))
    check(json.loads(outputs["json"])["rows"] == want, "%s: json rows differ from the bytes" % name)
    check_jq(name, outputs["jsonl"], want)
    check_csv(name, outputs["csv"], want)
    check_timesketch(name, kind, table, want)
    check_bodyfile(name, kind, table, want)
    check_findings(name, kind, table, want)


def check_carve_rows(tables):
    """An image with a table of every kind between random bytes: --rows as JSON Lines and CSV."""
    rnd = random.Random(22)
    image = bytearray(rnd.randbytes(4096))
    planted = {}
    for n, kind in enumerate(cli_tables.LAYOUTS):
        rc, table, _ = run([MIBTCP, "gen", "--kind", kind, "--rows", "40", "--seed", str(100 + n)])
        image += bytes(8 - len(image) % 8) if len(image) % 8 else b""
        planted[len(image)] = (kind, table)
        image += table + rnd.randbytes(3000)
    path = os.path.join(WORK, "image.bin")
    with open(path, "wb") as f:
        f.write(image)
    rc, hits, err = run([MIBTCP, "carve", "--format", "jsonl", path])
    hits = [json.loads(line) for line in hits.decode().splitlines()]
    check(rc == 0 and len(hits) >= len(planted) // 2, "carve found %d hits" % len(hits))
    want = []
    for hit in hits:
        if hit["offset"] in planted and hit["header"]:
            kind, table = planted[hit["offset"]]
            want += [dict({"table_offset": hit["offset"]}, **r) for r in cli_tables.decode(kind, table)[:hit["rows"]]]
    rc, jsonl, err = run([MIBTCP, "carve", "--rows", "--format", "jsonl", path])
    rows = [json.loads(line) for line in utf8(jsonl, "carve --rows").splitlines()]
    check(sum(h["rows"] for h in hits) == len(rows), "carve --rows: %d rows, the hits hold %d" %
          (len(rows), sum(h["rows"] for h in hits)))
    planted_rows = [r for r in rows if r["table_offset"] in planted]
    check(planted_rows == want, "carve --rows: rows of planted tables differ from their bytes")
    rc, default, _ = run([MIBTCP, "carve", "--rows", path])
    check(default == jsonl, "carve --rows: the default format is not JSON Lines")
    check_jq("carve --rows", jsonl, rows)
    rc, csv_out, err = run([MIBTCP, "carve", "--rows", "--format", "csv", path])
    check(rc == 0 and err == b"", "carve --rows --format csv: exit %d %s" % (rc, err))
    header = csv_out.split(b"\r\n", 1)[0].decode()
    check(header.split(",")[:3] == ["table_offset", "row", "kind"], "carve --rows csv header %r" % header)
    check_csv("carve --rows", csv_out, rows, extra_first="table_offset")
    counts["carved rows"] += len(rows)


def minidump(memory, when, base=0x7FF600000000):
    """A minidump (MINIDUMP_HEADER with TimeDateStamp `when`, one MemoryListStream range)."""
    directory_at = 32
    list_at = directory_at + 12
    data_at = list_at + 4 + 16
    head = struct.pack("<IIIIIIQ", 0x504D444D, 0xA793, 1, directory_at, 0, when, 0)
    directory = struct.pack("<III", 5, 4 + 16, list_at)
    ranges = struct.pack("<I", 1) + struct.pack("<QII", base, len(memory), data_at)
    return head + directory + ranges + memory


def check_carve_timelines():
    """carve --rows --format timesketch / bodyfile: every row an event, "Seen in memory image" at
    the minidump's TimeDateStamp, the file's mtime or --observed when the row has no plausible
    creation time."""
    memory = b""
    for n, kind in enumerate(("tcp4-module", "udp6-module", "tcp6-pid", "udp4-pid")):
        args = [MIBTCP, "gen", "--kind", kind, "--rows", "30", "--seed", str(200 + n)]
        if "created" in cli_tables.LAYOUTS[kind][2]:
            args += ["--zero-timestamp", "3", "--bad-timestamp", "4"]
        table = run(args)[1]
        memory += bytes((8 - len(memory) % 8) % 8) + table + bytes(72)
    stamp = unix_seconds(filetime(2023, 7, 8, 9, 10, 11))
    dump = minidump(memory, stamp)
    dump_path, raw_path = os.path.join(WORK, "timeline.dmp"), os.path.join(WORK, "timeline.raw")
    with open(dump_path, "wb") as f:
        f.write(dump)
    with open(raw_path, "wb") as f:
        f.write(memory)
    raw_mtime = unix_seconds(filetime(2022, 1, 2, 3, 4, 5))
    os.utime(raw_path, (raw_mtime, raw_mtime))
    cases = [("minidump", dump_path, [], filetime(2023, 7, 8, 9, 10, 11)),
             ("file_mtime", raw_path, [], filetime(2022, 1, 2, 3, 4, 5)),
             ("option", raw_path, ["--observed", "2021-02-03T04:05:06Z"], filetime(2021, 2, 3, 4, 5, 6))]
    for source, path, extra, observed_ft in cases:
        name = "carve --rows timeline (%s)" % source
        # The rows carve finds (check_carve_rows holds them to the bytes): each one an event.
        rows = [json.loads(line) for line in run([MIBTCP, "carve", "--rows", "--format", "jsonl"] + extra +
                                                 [path])[1].decode().splitlines()]
        want = [(r.pop("table_offset"), r["kind"], r) for r in rows]
        check(len(want) >= 100, "%s: carve found only %d of the 120 rows" % (name, len(want)))
        rc, out, err = run([MIBTCP, "carve", "--rows", "--format", "timesketch"] + extra + [path])
        check(rc == 0 and err == b"", "%s: exit %d %s" % (name, rc, err))
        try:
            events = timesketch_rules.check_jsonl(out)
        except timesketch_rules.RuleBroken as e:
            fail("%s: %s" % (name, e))
            continue
        check(len(events) == len(want), "%s: %d events for %d rows" % (name, len(events), len(want)))
        for e, (offset, kind, r) in zip(events, want):
            ft = created_ft(r)
            if ft is not None and plausible(ft):
                when, desc = event_of(kind, r)
            else:
                when, desc = iso(observed_ft), "Seen in memory image"
            check((e["datetime"], e["timestamp_desc"], e["observed"], e["observed_source"], e["table_offset"]) ==
                  (when, desc, iso(observed_ft), source, offset),
                  "%s row %d of %s: %r" % (name, r["row"], kind, {k: e[k] for k in list(e)[:6]}))
            rest = {k: v for k, v in e.items() if k not in ("message", "datetime", "timestamp_desc", "observed",
                                                            "observed_source", "timestamp", "table_offset")}
            check(rest == r, "%s row %d of %s: keys differ from the bytes" % (name, r["row"], kind))
        counts["timesketch events"] += len(events)
        rc, out, err = run([MIBTCP, "carve", "--rows", "--format", "bodyfile"] + extra + [path])
        body = os.path.join(WORK, "carve-body.txt")
        with open(body, "wb") as f:
            f.write(out)
        rc, out, err = run(["mactime", "-b", body, "-d", "-y", "1995-01-01"], env=dict(os.environ, TZ="UTC"))
        got = parse_mactime_d(utf8(out, name + " mactime"))
        expected = []
        for offset, kind, r in want:
            row_name = "%s (%s row %d of the table at offset %d)" % (description(kind, r, True), kind, r["row"], offset)
            stamps = {mactime_date(observed_ft): ".a.."}
            ft = created_ft(r)
            if ft is not None and plausible(ft):
                date = mactime_date(ft)
                stamps[date] = ".a.b" if date in stamps else "...b"
            expected += [(date, "0", macb, "0", "0", "0", "0", row_name) for date, macb in stamps.items()]
        check(sorted(got) == sorted(expected), "%s: mactime shows %d lines, expected %d" % (name, len(got),
                                                                                         len(expected)))
        counts["mactime lines"] += len(got)


def main():
    os.makedirs(WORK, exist_ok=True)
    tables = inputs()
    kinds = {kind for _, kind, _ in tables}
    check(kinds == set(cli_tables.LAYOUTS), "inputs lack kinds %s" % (set(cli_tables.LAYOUTS) - kinds))
    for name, kind, table in tables:
        check_table(name, kind, table)
    check_carve_rows(tables)
    check_carve_timelines()
    print("cli_clients: " + ", ".join("%d %s" % (v, k) for k, v in counts.items()))
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
