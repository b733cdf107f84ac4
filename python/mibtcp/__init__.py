"""mibtcp: validated zero-copy decoding of Windows TCP/UDP connection tables.

The Python binding of the mibtcp C library (the same code as the ``mibtcp``
command-line tool, so the two never disagree):

* ``open(buffer, kind=None, strict=False)`` -> ``Table`` over any object with the
  buffer protocol (bytes, bytearray, memoryview, mmap), without a copy.
* ``detect(buffer)`` -> ``Detection``: the verdict and every kind ranked, with
  its evidence in bits and what the evidence is made of.
* ``findings(buffer, kind=None, strict=False)`` -> ``FindingList`` of located
  anomalies (``.valid``: whether ``open()`` would accept the buffer).
* ``carve(buffer_or_path, kinds=None, align=4, min_rows=None, jobs=None,
  range=None, container="auto")`` -> iterator of ``Hit``: every table inside a
  memory image, minidump (``va``) or LiME dump (``pa``), with its rows decoded.
* Errors: ``Error`` and its subclasses carry ``status`` (the library's status
  name), ``field``, ``row``, ``offset`` and ``value``.
"""

import builtins
import collections
import concurrent.futures
import datetime as _datetime
import enum
import ipaddress
import itertools
import mmap
import os

from . import _mibtcp

__all__ = [
    "Kind", "State", "Table", "Row", "Hit", "Carve", "Detection", "Candidate", "Check", "Finding", "FindingList",
    "Error", "InvalidTableError", "DetectionError", "AmbiguousError", "NotATableError", "ContainerError",
    "open", "detect", "findings", "carve", "shards", "library_version",
]

_NAMES = _mibtcp._names()
library_version = _NAMES["version"]

Kind = enum.IntEnum(
    "Kind", [(name.upper().replace("-", "_"), value) for value, name in enumerate(_NAMES["kind"]) if value > 0],
    module=__name__)
Kind.__doc__ = """The 14 table kinds. cli_name: the CLI's spelling ('tcp4-module'); header_size: bytes before
the first row (4, or 8 for 8-byte aligned rows); row_size: bytes per row; family: 4 or 6; is_tcp."""
_LAYOUTS = {k: _mibtcp._kind_layout(k) for k in Kind}
Kind.cli_name = property(lambda self: _NAMES["kind"][self.value])
Kind.header_size = property(lambda self: _LAYOUTS[self][0])
Kind.row_size = property(lambda self: _LAYOUTS[self][1])
Kind.family = property(lambda self: _LAYOUTS[self][2])
Kind.is_tcp = property(lambda self: _LAYOUTS[self][3])

State = enum.IntEnum("State", [(name, value) for value, name in sorted(_NAMES["state"].items())], module=__name__)
State.__doc__ = "MIB_TCP_STATE: CLOSED (1) .. DELETE_TCB (12), RESERVED (100)."

Table = _mibtcp.Table
Row = _mibtcp.Row


class Error(Exception):
    """A status of the mibtcp library. Attributes: status (the library's name,
    e.g. 'ERR_BAD_STATE'), code (its number), field (name or None), row (index
    or None), offset (byte offset or None), value (the offending value)."""

    def __init__(self, code, field, row, offset, value, context):
        self.code = code
        self.status = _NAMES["status"][code] if 0 <= code < len(_NAMES["status"]) else str(code)
        self.field = _NAMES["field"][field] if 0 < field < len(_NAMES["field"]) else None
        self.row = row if row >= 0 else None
        self.offset = offset if field != 0 or row >= 0 else None
        self.value = value
        text = _NAMES["status_text"][code] if 0 <= code < len(_NAMES["status_text"]) else "error"
        where = "".join([f" row {self.row}" if self.row is not None else "",
                         f" field {self.field}" if self.field else "",
                         f" at byte {self.offset}" if self.offset is not None else ""])
        super().__init__(f"{context}: {self.status}: {text}{' (' + where.strip() + ')' if where else ''}")


class InvalidTableError(Error, ValueError):
    """The buffer is not a valid table of the kind (open() refused it)."""


class DetectionError(Error, ValueError):
    """open() or findings() without a kind, and detection could not name one."""


class AmbiguousError(DetectionError):
    """Several kinds fit the buffer equally well: pass kind=."""


class NotATableError(DetectionError):
    """No kind has enough evidence: the bytes are no table."""


class ContainerError(ValueError):
    """A minidump or LiME file whose metadata is malformed (container='raw' scans its bytes as they
    are). Not a status of the library: the container is the CLI's, and so is the message."""


_TABLE_STATUSES = {"ERR_TOO_SHORT", "ERR_COUNT_EXCEEDS_BUFFER", "ERR_LENGTH_MISMATCH", "ERR_BAD_STATE",
                   "ERR_PORT_HIGH_BITS", "ERR_BAD_OFFLOAD_STATE", "ERR_UDP_FLAGS"}


def _make_error(code, field, row, offset, value, context):
    name = _NAMES["status"][code] if 0 <= code < len(_NAMES["status"]) else ""
    cls = (InvalidTableError if name in _TABLE_STATUSES else AmbiguousError if name == "ERR_AMBIGUOUS"
           else NotATableError if name == "ERR_NOT_DETECTED" else Error)
    return cls(code, field, row, offset, value, context)


_mibtcp._setup(tuple([None] + list(Kind)), {int(s): s for s in State}, ipaddress.IPv4Address,
               ipaddress.IPv6Address, _datetime.datetime(1970, 1, 1, tzinfo=_datetime.timezone.utc), _make_error)


def _kind_value(kind):
    """A Kind, its value or its CLI name ('tcp4-module', 'TCP4_MODULE') as an int."""
    if isinstance(kind, str):
        key = kind.strip().lower().replace("_", "-")
        if key not in _NAMES["kind"][1:]:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(_NAMES['kind'][1:])}")
        return _NAMES["kind"].index(key)
    value = int(kind)
    if not 0 < value < len(_NAMES["kind"]):
        raise ValueError(f"unknown kind {kind!r}")
    return value


Check = collections.namedtuple("Check", "checked passed bits")
Check.__doc__ = "One sort of check of a kind's evidence: how often made, how often not against, bits in total."

Candidate = collections.namedtuple(
    "Candidate", "kind valid bits confidence rows_promised rows_present trailing reasons")
Candidate.__doc__ = """One ranked kind: valid (open() accepts it, lenient), bits of evidence against unrelated
bytes, confidence (percent, 'not a table' is a hypothesis too), rows promised by dwNumEntries and present,
trailing bytes, and reasons: a dict of Check by check name plus the length and slack figures."""

Detection = collections.namedtuple("Detection", "verdict kind not_a_table candidates")
Detection.__doc__ = """The outcome of detect(): verdict 'decided', 'ambiguous' or 'not-a-table' (the CLI's words); kind (the
decided Kind, else None); not_a_table (percent); candidates (Candidate, best first)."""

_VERDICTS = ("decided", "ambiguous", "not-a-table")
_PER_BIT = _mibtcp.EVIDENCE_PER_BIT


def _reasons(buffer, kind):
    e = _mibtcp._evidence(buffer, int(kind))
    reasons = {name: Check(c, p, bits / _PER_BIT) for name, (c, p, bits) in e["checks"].items() if c}
    reasons["length"] = e["length"] / _PER_BIT
    reasons["slack"] = {k: e[k] for k in ("trailing", "slack_stale_rows", "slack_fill", "slack_unexplained")}
    return reasons


def detect(buffer):
    """Rank every kind the buffer could be, best first, and give a verdict (see Detection).
    Never raises for any bytes; the GIL is released while the library weighs them."""
    status, verdict, not_a_table, raw = _mibtcp._detect(buffer)
    candidates = [Candidate(kind, valid, evidence / _PER_BIT, confidence, promised, present, trailing,
                            _reasons(buffer, kind))
                  for kind, valid, evidence, confidence, promised, present, trailing in raw]
    decided = _VERDICTS[verdict] == "decided" and candidates
    return Detection(_VERDICTS[verdict], candidates[0].kind if decided else None, not_a_table, candidates)


def _detected_kind(buffer, context):
    status, verdict, _, raw = _mibtcp._detect(buffer)
    if _VERDICTS[verdict] == "decided":
        return int(raw[0][0])
    code = _NAMES["status"].index("ERR_AMBIGUOUS" if _VERDICTS[verdict] == "ambiguous" else "ERR_NOT_DETECTED")
    raise _make_error(code, 0, -1, 0, 0, context + " (no kind given)")


def open(buffer, kind=None, strict=False):  # noqa: A001 (the module's verb, as in gzip.open)
    """Validate buffer as a table and return a Table over it, without a copy.

    buffer: any object with the buffer protocol (bytes, bytearray, memoryview, mmap).
    kind: a Kind, its value or CLI name; None detects it (AmbiguousError, NotATableError).
    strict: the strict policy (exact length, clean port upper bits, UDP flags 0/1).
    Raises InvalidTableError (with status, field, row, offset, value) when the library refuses it.
    The Table holds the buffer's export until closed: a bytearray cannot be resized nor an mmap closed
    meanwhile; bytes changed in place are read as they are then."""
    value = _detected_kind(buffer, "open") if kind is None else _kind_value(kind)
    return Table(buffer, value, bool(strict))


Finding = collections.namedtuple("Finding", "code severity row field offset value description")
Finding.__doc__ = """One anomaly: code ('PORT_HIGH_BITS'), severity ('info', 'warning', 'error'), row (index or
None), field name, byte offset, value (the field read as a little-endian integer, or a count), description."""


class FindingList(list):
    """The findings of one walk, in buffer order; status is open()'s status name for the same
    arguments and valid whether it is 'OK'."""

    status = "OK"

    @property
    def valid(self):
        return self.status == "OK"


_SEVERITIES = ("info", "warning", "error")


def findings(buffer, kind=None, strict=False):
    """Every finding of buffer walked as a table of kind (None: detected), under the strict or
    lenient policy; only error findings make the table invalid (FindingList.valid)."""
    value = _detected_kind(buffer, "findings") if kind is None else _kind_value(kind)
    status, raw = _mibtcp._findings(buffer, value, bool(strict))
    out = FindingList(
        Finding(_NAMES["finding"][code], _SEVERITIES[severity], row if row >= 0 else None, _NAMES["field"][field],
                offset, value, _NAMES["finding_text"][code])
        for code, severity, row, field, offset, value in raw)
    out.status = _NAMES["status"][status]
    return out


class Hit:
    """A table or orphan run found by carve(). Attributes as the CLI's `carve --format jsonl`:
    offset (file offset), kind, rows, length, header, confidence, valid, page_truncated, page_start,
    score, basis ('content' or 'structure'), address (va of a minidump, pa of a LiME dump, else None)
    and address_key ('va', 'pa' or None). table: a Table over the run's rows (behind a dwNumEntries that
    counts exactly them, as `carve --rows` decodes them). Hits pickle (for Dask and multiprocessing)."""

    __slots__ = ("offset", "address", "kind", "rows", "length", "header", "confidence", "valid",
                 "page_truncated", "page_start", "score", "basis", "address_key", "_table_bytes")

    def __init__(self, raw, address_key):
        (self.offset, address, self.kind, self.rows, self.length, self.header, self.confidence, self.valid,
         self.page_truncated, self.page_start, self.score, structure, self._table_bytes) = raw
        self.address = address if address_key else None
        self.address_key = address_key
        self.basis = "structure" if structure else "content"

    @property
    def table(self):
        """The hit's rows as a Table (a copy of them: it outlives the image)."""
        return Table(self._table_bytes, int(self.kind), False)

    def file_offset_of(self, row):
        """The file offset of one of this hit's rows in the image (row.offset is in the table's copy)."""
        return self.offset + row.offset - (0 if self.header else self.kind.header_size)

    def as_dict(self):
        """The hit as the CLI's `carve --format jsonl` prints it (kind by CLI name; va/pa as an int)."""
        d = {"offset": self.offset, "kind": self.kind.cli_name, "rows": self.rows, "length": self.length,
             "header": self.header, "confidence": self.confidence, "valid": self.valid,
             "page_truncated": self.page_truncated, "page_start": self.page_start, "score": self.score,
             "basis": self.basis}
        if self.address_key:
            d[self.address_key] = self.address
        return d

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def __eq__(self, other):
        return isinstance(other, Hit) and self.__getstate__() == other.__getstate__()

    def __repr__(self):
        return (f"<mibtcp.Hit {self.kind.cli_name} at {self.offset:#x}: {self.rows} rows"
                f"{', ' + self.address_key + ' ' + hex(self.address) if self.address_key else ''}>")


_MiB = 1 << 20
_ADDRESS_KEYS = {"raw": None, "minidump": "va", "lime": "pa"}


class Carve:
    """The iterator carve() returns: Hit objects in file order (then kind, length), exactly the
    hits of `mibtcp carve` with the same options. Attributes: format ('raw', 'minidump', 'lime'),
    address_key ('va', 'pa' or None), unscanned_bytes (bytes of memory ranges above the highest
    address the carver takes, left unscanned; the CLI exits 1 for them)."""

    def __init__(self, source, kinds, align, min_rows, jobs, range, container):
        self._file = self._map = None
        if isinstance(source, (str, bytes, os.PathLike)) and not isinstance(source, bytes):
            self._file = builtins.open(source, "rb")
            size = os.fstat(self._file.fileno()).st_size
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            source = self._map
        self._buffer = source
        mask = 0
        for k in kinds or ():
            mask |= 1 << _kind_value(k)
        if not 0 <= int(align) <= 4096 or int(min_rows or 0) < 0:
            raise ValueError("align must be 0..4096 and min_rows >= 0")
        self._options = (mask, int(align), int(min_rows or 0))
        if container == "raw":
            self.format, regions = "raw", [(0, len(memoryview(source).cast("B")), 0,
                                            len(memoryview(source).cast("B")))]
        elif container == "auto":
            self.format, regions = _mibtcp._layout(source)
            if self.format is None:
                raise ContainerError(f"{regions} (container='raw' scans it as raw bytes)")
        else:
            raise ValueError("container must be 'auto' or 'raw'")
        self.address_key = _ADDRESS_KEYS[self.format]
        start, end = (0, 1 << 64) if range is None else (int(range[0]), int(range[0]) + int(range[1]))
        self.unscanned_bytes = 0
        self._jobs = max(1, int(jobs) if jobs else os.cpu_count() or 1)
        self._parts = self._plan(regions, start, end)
        self._sort_all = any(a[0] + a[1] > b[0] for a, b in zip(regions, regions[1:]))
        self._iter = self._hits()

    def _plan(self, regions, start, end):
        total = sum(r[1] for r in regions)
        piece = max(_MiB, min(64 * _MiB, total // (self._jobs * 4) + 1))
        parts = []
        for region in regions:
            file_offset, length, address, scannable = region
            begin, stop = max(file_offset, start), min(file_offset + scannable, end)
            lost_from, lost_to = max(file_offset + scannable, start), min(file_offset + length, end)
            self.unscanned_bytes += max(0, lost_to - lost_from)
            at = begin
            while at < stop:
                parts.append((region, at, min(stop, at + piece)))
                at += piece
        return parts

    def _scan(self, part):
        region, start, stop = part
        raw = _mibtcp._carve_part(self._buffer, region, start, stop, *self._options)
        hits = [Hit(h, self.address_key) for h in raw]
        hits.sort(key=lambda h: (h.offset, h.kind, h.length))
        return hits

    def _hits(self):
        try:
            if self._jobs == 1 and not self._sort_all:
                for part in self._parts:
                    yield from self._scan(part)
            elif self._sort_all:  # overlapping ranges of a minidump: one global order, as the CLI's
                with concurrent.futures.ThreadPoolExecutor(self._jobs) as pool:
                    hits = [h for part in pool.map(self._scan, self._parts) for h in part]
                yield from sorted(hits, key=lambda h: (h.offset, h.kind, h.length))
            else:
                yield from self._threaded()
        finally:
            self.close()

    def _threaded(self):
        """Parts scanned by the threads, a few ahead of the consumer, yielded in order; a consumer
        that stops early cancels the parts not yet started."""
        pool = concurrent.futures.ThreadPoolExecutor(self._jobs)
        try:
            parts = iter(self._parts)
            pending = collections.deque(pool.submit(self._scan, part) for part in
                                        itertools.islice(parts, 2 * self._jobs))
            while pending:
                hits = pending.popleft().result()
                for part in itertools.islice(parts, 1):
                    pending.append(pool.submit(self._scan, part))
                yield from hits
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # running scans hold the buffer until they end

    def close(self):
        """Release the image (the mapped file of a path); hits already yielded stay usable."""
        self._buffer = None
        if self._map is not None and not isinstance(self._map, bytes):
            self._map.close()
        if self._file is not None:
            self._file.close()
        self._map = self._file = None

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iter)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._iter.close()
        self.close()
        return False


def carve(source, kinds=None, align=4, min_rows=None, jobs=None, range=None, container="auto"):  # noqa: A002
    """Find every table inside a memory image: a path (memory-mapped, never read into Python memory)
    or any buffer (bytes, mmap, ...). Yields Hit objects, the hits of `mibtcp carve` with the same
    options, in file order; the GIL is released while the carver scans.

    kinds: Kind/name/value iterable (None: all); align: 1..4096 (0 = 4); min_rows: None = the
    library's default per kind; jobs: threads (None: CPUs), the output is the same for any;
    range: (start, length) in file bytes: only hits starting there (shards of one image concatenate
    to the hits of one pass, see shards()); container: 'auto' (minidump and LiME by their magic) or 'raw'."""
    return Carve(source, kinds, align, min_rows, jobs, range, container)


def shards(size, count):
    """(start, length) ranges splitting size bytes into count shards for carve(range=...): their hits
    concatenate to those of one pass (Dask, Slurm array jobs, several machines)."""
    count = max(1, int(count))
    step = -(-int(size) // count) or 1
    return [(start, min(step, size - start)) for start in builtins.range(0, int(size), step)]

