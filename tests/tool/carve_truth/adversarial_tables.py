#!/usr/bin/env python3
"""Structurally valid Windows TCP/UDP tables whose content lies outside typical priors.

Written from the table formats only (doc/formats.md and Microsoft's documentation of
MIB_TCPROW_OWNER_MODULE, MIB_TCP6ROW_OWNER_PID, MIB_UDP6ROW_OWNER_MODULE, MIB_TCPROW2, ...),
never from the carver's evidence model: every table here is one a Windows API call could
return, so a carver that misses one of them at its header is wrong, whatever it believes about
content.

What the API guarantees, and what this generator therefore always keeps:
  - dwNumEntries equals the number of rows;
  - module kinds: rows start at offset 8, bytes 4-7 are padding (any bytes);
  - TCP dwState in 1..12 (MIB_TCP_STATE);
  - port DWORDs: the port in the low 16 bits, upper 16 bits zero; the local port is not 0;
  - row2 dwOffloadState in 0..3 (TCP_CONNECTION_OFFLOAD_STATE);
  - UDP module dwFlags 0 or 1 (SpecificPortBind is its only bit).
Everything else (PIDs, addresses, scope ids, which states have a remote endpoint, timestamps,
module info, padding holes, row order, repeated rows) is drawn deliberately wide in the
"adversarial" profile, and Windows-like in the "typical" profile for comparison.

Usage as a script: adversarial_tables.py --kind tcp6-pid --rows 5 --seed 3 [--profile P] -o FILE
writes one table; --self-test checks the layouts and the structural checker.
"""
import argparse
import ipaddress
import random
import struct
import sys

# Layouts (offsets in bytes) from the SDK structs, x86/x64 identical.
# fields: name -> (offset, size); "header" is where row 0 starts.
_V4_TCP_PREFIX = {"state": (0, 4), "local_addr": (4, 4), "local_port": (8, 4),
                  "remote_addr": (12, 4), "remote_port": (16, 4)}
_V6_TCP_PREFIX = {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                  "remote_addr": (24, 16), "remote_scope_id": (40, 4), "remote_port": (44, 4),
                  "state": (48, 4)}
LAYOUTS = {
    "tcp4-module": (8, 160, dict(_V4_TCP_PREFIX, pid=(20, 4), created=(24, 8), module_info=(32, 128))),
    "tcp6-module": (8, 192, dict(_V6_TCP_PREFIX, pid=(52, 4), created=(56, 8), module_info=(64, 128))),
    "tcp4-pid": (4, 24, dict(_V4_TCP_PREFIX, pid=(20, 4))),
    "tcp6-pid": (4, 56, dict(_V6_TCP_PREFIX, pid=(52, 4))),
    "tcp4-basic": (4, 20, dict(_V4_TCP_PREFIX)),
    # MIB_TCP6ROW: State first, then the endpoints.
    "tcp6-basic": (4, 52, {"state": (0, 4), "local_addr": (4, 16), "local_scope_id": (20, 4),
                           "local_port": (24, 4), "remote_addr": (28, 16),
                           "remote_scope_id": (44, 4), "remote_port": (48, 4)}),
    "tcp4-row2": (4, 28, dict(_V4_TCP_PREFIX, pid=(20, 4), offload_state=(24, 4))),
    "tcp6-row2": (4, 60, dict(_V6_TCP_PREFIX, pid=(52, 4), offload_state=(56, 4))),
    # MIB_UDPROW_OWNER_MODULE: holes at 12 and 28 (8-byte alignment of the LARGE_INTEGER and
    # of OwningModuleInfo).
    "udp4-module": (8, 160, {"local_addr": (0, 4), "local_port": (4, 4), "pid": (8, 4),
                             "pad1": (12, 4), "created": (16, 8), "flags": (24, 4),
                             "pad2": (28, 4), "module_info": (32, 128)}),
    "udp6-module": (8, 176, {"local_addr": (0, 16), "local_scope_id": (16, 4),
                             "local_port": (20, 4), "pid": (24, 4), "pad1": (28, 4),
                             "created": (32, 8), "flags": (40, 4), "pad2": (44, 4),
                             "module_info": (48, 128)}),
    "udp4-pid": (4, 12, {"local_addr": (0, 4), "local_port": (4, 4), "pid": (8, 4)}),
    "udp6-pid": (4, 28, {"local_addr": (0, 16), "local_scope_id": (16, 4), "local_port": (20, 4),
                         "pid": (24, 4)}),
    "udp4-basic": (4, 8, {"local_addr": (0, 4), "local_port": (4, 4)}),
    "udp6-basic": (4, 24, {"local_addr": (0, 16), "local_scope_id": (16, 4),
                           "local_port": (20, 4)}),
}
KINDS = list(LAYOUTS)
ROW_COUNTS = (1, 2, 3, 5, 10, 50, 1000)
# typical: Windows-like content; adversarial: every content dimension drawn wide at once;
# single: typical content with exactly one dimension drawn wide (says which prior a carver needs).
PROFILES = ("typical", "adversarial", "single")

# MIB_TCP_STATE
CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTAB, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, \
    LAST_ACK, TIME_WAIT, DELETE_TCB = range(1, 13)

FILETIME_UNIX_EPOCH = 116444736000000000  # 1970-01-01 in 100 ns ticks since 1601


def header_size(kind):
    return LAYOUTS[kind][0]


def row_size(kind):
    return LAYOUTS[kind][1]


def is_tcp(kind):
    return kind.startswith("tcp")


def is_v6(kind):
    return kind[3] == "6"


def _dword(buf, off):
    return struct.unpack_from("<I", buf, off)[0]


def is_structural_row(kind, row):
    """True when ROW (row_size(kind) bytes) breaks no rule the API guarantees."""
    fields = LAYOUTS[kind][2]
    port = _dword(row, fields["local_port"][0])
    if port == 0 or port > 0xFFFF:
        return False
    if is_tcp(kind):
        if not 1 <= _dword(row, fields["state"][0]) <= 12:
            return False
        if _dword(row, fields["remote_port"][0]) > 0xFFFF:
            return False
    if "offload_state" in fields and _dword(row, fields["offload_state"][0]) > 3:
        return False
    if "flags" in fields and _dword(row, fields["flags"][0]) > 1:
        return False
    return True


def is_structural_table(kind, buf):
    hdr, size, _ = LAYOUTS[kind]
    if len(buf) < hdr:
        return False
    n = _dword(buf, 0)
    if len(buf) < hdr + n * size:
        return False
    return all(is_structural_row(kind, buf[hdr + i * size: hdr + (i + 1) * size]) for i in range(n))


# ---------------------------------------------------------------- content


def _v4(text):
    return ipaddress.IPv4Address(text).packed


def _v6(text):
    return ipaddress.IPv6Address(text).packed


class Endpoint:
    __slots__ = ("addr", "scope", "port")

    def __init__(self, addr, scope, port):
        self.addr, self.scope, self.port = addr, scope, port


class Socket:
    """One row's content, independent of the kind that will encode it."""
    __slots__ = ("state", "local", "remote", "pid", "created", "module_info", "flags",
                 "offload", "pad1", "pad2")


ADVERSARIAL_CHOICES = {
    "pid": ("zero", "random32", "odd_small", "max"),
    "addr4": ("random", "dot0_dot255", "multicast", "zero_and_broadcast", "loopback_8", "mixed"),
    "addr6": ("random", "nat64", "6to4", "teredo", "ula", "site_local", "link_local_odd_scope",
              "nonll_scope", "multicast", "v4mapped", "mixed"),
    "states": ("listen_with_remote", "connected_zero_remote", "uniform", "all_closed",
               "all_delete_tcb"),
    "ports": ("random", "low", "one", "max"),
    "timestamp": ("zero", "ancient", "future", "random64", "negative", "max"),
    "module_info": ("zero", "random", "ascii", "ones"),
    "order": ("unsorted", "reversed", "repeated_rows", "one_row_repeated"),
    "header_padding": ("zero", "random", "ones"),
    "row_padding": ("zero", "random", "ones"),
    "flags": ("zero", "one", "mixed"),
    "offload": ("zero", "three", "mixed"),
}


def trait_keys(kind):
    """The content dimensions KIND has (a basic row has no PID, only module rows a timestamp)."""
    wanted = ["pid", "addr6" if is_v6(kind) else "addr4", "ports", "order"]
    if is_tcp(kind):
        wanted.append("states")
    fields = LAYOUTS[kind][2]
    if "created" in fields:
        wanted += ["timestamp", "module_info", "header_padding"]
    if "pad1" in fields:
        wanted += ["row_padding", "flags"]
    if "offload_state" in fields:
        wanted.append("offload")
    if "pid" not in fields:
        wanted.remove("pid")
    return wanted


def single_traits(kind):
    """Every (dimension, value) a single-trait table of KIND can take."""
    return [(key, mode) for key in trait_keys(kind) for mode in ADVERSARIAL_CHOICES[key]
            if not (key.startswith("addr") and mode == "mixed")]  # a mix is not one trait


def _traits_for(kind, profile, rng, single=None):
    """The content choices of one table; recorded in the truth so recall can be split by them."""
    if profile == "typical":
        return {"profile": "typical"}
    if profile == "single":
        key, mode = single or rng.choice(single_traits(kind))
        return {"profile": "single", key: mode}
    traits = {"profile": "adversarial"}
    for key in trait_keys(kind):
        traits[key] = rng.choice(ADVERSARIAL_CHOICES[key])
    return traits


def _adv_addr4(mode, rng):
    if mode == "mixed":
        mode = rng.choice(ADVERSARIAL_CHOICES["addr4"][:-1])
    if mode == "random":
        return rng.randbytes(4)
    if mode == "dot0_dot255":
        return bytes([rng.randrange(1, 224), rng.randrange(256), rng.randrange(256),
                      rng.choice((0, 255))])
    if mode == "multicast":
        return bytes([rng.randrange(224, 240), rng.randrange(256), rng.randrange(256),
                      rng.randrange(256)])
    if mode == "zero_and_broadcast":
        return rng.choice((b"\0\0\0\0", b"\xff\xff\xff\xff"))
    return bytes([127, rng.randrange(256), rng.randrange(256), rng.randrange(256)])


_LL_ODD_SCOPES = (0x1000, 0x2000, 0xFFFFFFFF)


def _adv_endpoint6(mode, rng):
    """(address, scope id) for one IPv6 endpoint of the given adversarial mode."""
    if mode == "mixed":
        mode = rng.choice(ADVERSARIAL_CHOICES["addr6"][:-1])
    tail = rng.randbytes(8)
    if mode == "random":
        return rng.randbytes(16), rng.choice((0, rng.getrandbits(32)))
    if mode == "nat64":  # 64:ff9b::/96 + an IPv4 address, including .0/.255
        return _v6("64:ff9b::")[:12] + rng.randbytes(4), 0
    if mode == "6to4":  # 2002:V4ADDR::/48
        return b"\x20\x02" + rng.randbytes(4) + rng.randbytes(2) + tail, 0
    if mode == "teredo":  # 2001:0000::/32
        return b"\x20\x01\x00\x00" + rng.randbytes(12), 0
    if mode == "ula":  # fd00::/8
        return b"\xfd" + rng.randbytes(15), rng.choice((0, 0, 0x1000))
    if mode == "site_local":  # fec0::/10, deprecated but still seen
        return bytes([0xfe, 0xc0 | rng.randrange(0x40)]) + rng.randbytes(14), rng.randrange(0, 64)
    if mode == "link_local_odd_scope":
        return b"\xfe\x80" + bytes(6) + tail, rng.choice(_LL_ODD_SCOPES)
    if mode == "nonll_scope":  # a global address with a non-zero scope id
        return bytes([0x20 | rng.randrange(16)]) + rng.randbytes(15), rng.choice(
            (1, 7, 0x1000, 0x2000, 0xFFFFFFFF, rng.getrandbits(32) | 1))
    if mode == "multicast":
        return b"\xff" + rng.randbytes(15), rng.choice((0, 1, 0x2000))
    # v4mapped: ::ffff:a.b.c.d
    return bytes(10) + b"\xff\xff" + rng.randbytes(4), 0


def _adv_port(mode, rng):
    if mode == "random":
        return rng.randrange(1, 0x10000)
    if mode == "low":
        return rng.randrange(1, 1024)
    if mode == "one":
        return 1
    return 0xFFFF


def _adv_pid(mode, rng):
    if mode == "zero":
        return 0
    if mode == "random32":
        return rng.getrandbits(32)
    if mode == "odd_small":
        return rng.randrange(1, 5000) | 1
    return 0xFFFFFFFF


def _adv_state(mode, rng):
    """The dwState of a row of an adversarial "states" mode."""
    if mode == "listen_with_remote":
        return LISTEN
    if mode == "connected_zero_remote":
        return rng.choice((SYN_SENT, SYN_RCVD, ESTAB, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING,
                           LAST_ACK, TIME_WAIT))
    if mode == "all_closed":
        return CLOSED
    if mode == "all_delete_tcb":
        return DELETE_TCB
    return rng.randrange(1, 13)


def _adv_timestamp(mode, rng):
    if mode == "zero":
        return 0
    if mode == "ancient":  # 1601..1980
        return rng.randrange(1, 119600064000000000)
    if mode == "future":  # 2100..30828
        return rng.randrange(157766400000000000 + FILETIME_UNIX_EPOCH, 0x7FFFFFFFFFFFFFFF)
    if mode == "random64":
        return rng.getrandbits(64)
    if mode == "negative":
        return rng.randrange(1 << 63, 1 << 64)
    return 0xFFFFFFFFFFFFFFFF


def _adv_fill(mode, n, rng):
    if mode == "zero":
        return bytes(n)
    if mode == "ones":
        return b"\xff" * n
    if mode == "ascii":
        return bytes(rng.randrange(0x20, 0x7f) for _ in range(n))
    return rng.randbytes(n)


def _adversarial_socket(kind, traits, rng):
    s = Socket()
    v6 = is_v6(kind)
    ports = traits["ports"]
    if is_tcp(kind):
        s.state = _adv_state(traits["states"], rng)
    else:
        s.state = None
    if v6:
        addr, scope = _adv_endpoint6(traits["addr6"], rng)
    else:
        addr, scope = _adv_addr4(traits["addr4"], rng), 0
    s.local = Endpoint(addr, scope, _adv_port(ports, rng))
    if is_tcp(kind):
        if traits["states"] == "connected_zero_remote":
            s.remote = Endpoint(bytes(16 if v6 else 4), 0, 0)
        elif v6:
            raddr, rscope = _adv_endpoint6(traits["addr6"], rng)
            s.remote = Endpoint(raddr, rscope, rng.choice((0, _adv_port(ports, rng))))
        else:
            s.remote = Endpoint(_adv_addr4(traits["addr4"], rng), 0,
                                rng.choice((0, _adv_port(ports, rng))))
    s.pid = _adv_pid(traits.get("pid", "zero"), rng)
    s.created = _adv_timestamp(traits.get("timestamp", "zero"), rng)
    s.module_info = _adv_fill(traits.get("module_info", "zero"), 128, rng)
    flags = traits.get("flags", "zero")
    s.flags = {"zero": 0, "one": 1}.get(flags, rng.randrange(2))
    off = traits.get("offload", "zero")
    s.offload = {"zero": 0, "three": 3}.get(off, rng.randrange(4))
    padmode = traits.get("row_padding", "zero")
    s.pad1, s.pad2 = _adv_fill(padmode, 4, rng), _adv_fill(padmode, 4, rng)
    return s


_TYPICAL_V4_LOCAL = ("0.0.0.0", "127.0.0.1", "192.168.1.23", "10.0.2.15")
_TYPICAL_V6_LOCAL = ("::", "::1", "fe80::5d1c:3a2b:9f0e:1c47", "2a02:8108:1c0:b9e0:3d4f:99a1:2c3b:4d5e")
_TYPICAL_LISTEN_PORTS = (135, 139, 445, 3389, 5040, 5357, 7680, 49664, 49665, 49666, 49667, 49668,
                         49669, 49670)


def _typical_socket(kind, rng):
    s = Socket()
    v6 = is_v6(kind)
    pick = _TYPICAL_V6_LOCAL if v6 else _TYPICAL_V4_LOCAL
    text = rng.choice(pick)
    addr = _v6(text) if v6 else _v4(text)
    scope = rng.choice((11, 13, 17)) if v6 and text.startswith("fe80") else 0
    s.pid = rng.choice((4, 4, 0x3A4, 0x48C, 0x1F40, 0x2A3C, 0x17E8, 0x6B0))
    s.created = FILETIME_UNIX_EPOCH + (1_700_000_000 + rng.randrange(20_000_000)) * 10_000_000 \
        + rng.randrange(10_000_000)
    s.module_info = bytes(128)
    s.flags = rng.randrange(2)
    s.offload = 0
    s.pad1 = s.pad2 = bytes(4)
    if is_tcp(kind):
        if rng.random() < 0.5:
            s.state = LISTEN
            s.local = Endpoint(addr, scope, rng.choice(_TYPICAL_LISTEN_PORTS))
            s.remote = Endpoint(bytes(16 if v6 else 4), 0, 0)
        else:
            s.state = rng.choice((ESTAB, ESTAB, ESTAB, TIME_WAIT, CLOSE_WAIT, SYN_SENT))
            if s.state == TIME_WAIT:
                s.pid = 0
            if text in ("0.0.0.0", "::"):
                addr = _v4("192.168.1.23") if not v6 else _v6(_TYPICAL_V6_LOCAL[3])
                scope = 0
            s.local = Endpoint(addr, scope, rng.randrange(49152, 65536))
            if v6:
                raddr = _v6("2606:4700::6810:%x" % rng.randrange(1, 0xffff))
            else:
                raddr = bytes([rng.choice((13, 20, 52, 104, 140, 142, 151, 172)),
                               rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)])
            s.remote = Endpoint(raddr, 0, rng.choice((80, 443, 443, 443, 8080, 993)))
    else:
        s.state = None
        s.local = Endpoint(addr, scope, rng.choice((53, 123, 137, 138, 500, 1900, 5050, 5353,
                                                    5355, 4500, rng.randrange(49152, 65536))))
    return s


def _apply_trait(kind, s, key, mode, rng):
    """Redraw one content dimension of a typical socket S the adversarial way."""
    v6 = is_v6(kind)
    if key == "pid":
        s.pid = _adv_pid(mode, rng)
    elif key in ("addr4", "addr6"):
        for end in ([s.local, s.remote] if s.state not in (None, LISTEN) else [s.local]):
            if v6:
                end.addr, end.scope = _adv_endpoint6(mode, rng)
            else:
                end.addr = _adv_addr4(mode, rng)
    elif key == "ports":
        s.local.port = _adv_port(mode, rng)
        if s.state not in (None, LISTEN):
            s.remote.port = _adv_port(mode, rng)
    elif key == "states":
        if mode == "listen_with_remote":
            if s.state != LISTEN:
                s.state = LISTEN
            else:
                s.remote = Endpoint(_v6("2606:4700::6810:1") if v6 else _v4("151.101.1.69"), 0,
                                    rng.randrange(1, 0x10000))
        else:
            s.state = _adv_state(mode, rng)
            if mode == "connected_zero_remote":
                s.remote = Endpoint(bytes(16 if v6 else 4), 0, 0)
    elif key == "timestamp":
        s.created = _adv_timestamp(mode, rng)
    elif key == "module_info":
        s.module_info = _adv_fill(mode, 128, rng)
    elif key == "row_padding":
        s.pad1, s.pad2 = _adv_fill(mode, 4, rng), _adv_fill(mode, 4, rng)
    elif key == "flags":
        s.flags = {"zero": 0, "one": 1}.get(mode, rng.randrange(2))
    elif key == "offload":
        s.offload = {"zero": 0, "three": 3}.get(mode, rng.randrange(4))


def _reorder(rows, order, socks, kind, rng):
    if order == "reversed":
        pairs = sorted(zip(socks, rows), key=lambda p: _sort_key(p[0]), reverse=True)
        return [r for _, r in pairs]
    if order == "unsorted":
        rows = list(rows)
        rng.shuffle(rows)
    elif order == "repeated_rows" and len(rows) > 1:
        # runs of identical rows (a hook that copies an entry, a stuck enumerator)
        rows = list(rows)
        for i in range(1, len(rows)):
            if rng.random() < 0.5:
                rows[i] = rows[i - 1]
    elif order == "one_row_repeated":
        rows = [rows[0]] * len(rows)
    return rows


def _typical_sockets(kind, nrows, rng):
    """NROWS Windows-like sockets, sorted as Windows sorts them and without two of the same
    endpoints (a real table has none: a 1000-row table is mostly ephemeral ports)."""
    socks, seen = [], set()
    while len(socks) < nrows:
        s = _typical_socket(kind, rng)
        while _sort_key(s) in seen:
            s.local.port = rng.randrange(1024, 0x10000)
        seen.add(_sort_key(s))
        socks.append(s)
    socks.sort(key=_sort_key)
    return socks


def _sort_key(s):
    key = (s.local.addr, s.local.port)
    if s.state is not None:
        key += (s.remote.addr, s.remote.port)
    return key


def _put(row, fields, name, fmt, value):
    if name in fields:
        struct.pack_into(fmt, row, fields[name][0], value)


def encode_row(kind, s):
    _, size, fields = LAYOUTS[kind]
    row = bytearray(size)
    _put(row, fields, "state", "<I", s.state or 0)
    off, width = fields["local_addr"]
    row[off:off + width] = s.local.addr
    _put(row, fields, "local_scope_id", "<I", s.local.scope)
    # Port in network byte order in the low 16 bits, upper 16 bits zero.
    off = fields["local_port"][0]
    row[off:off + 2] = struct.pack(">H", s.local.port)
    if "remote_addr" in fields:
        off, width = fields["remote_addr"]
        row[off:off + width] = s.remote.addr
        _put(row, fields, "remote_scope_id", "<I", s.remote.scope)
        off = fields["remote_port"][0]
        row[off:off + 2] = struct.pack(">H", s.remote.port)
    _put(row, fields, "pid", "<I", s.pid)
    _put(row, fields, "created", "<Q", s.created)
    if "module_info" in fields:
        off = fields["module_info"][0]
        row[off:off + 128] = s.module_info
    _put(row, fields, "flags", "<I", s.flags)
    _put(row, fields, "offload_state", "<I", s.offload)
    for name in ("pad1", "pad2"):
        if name in fields:
            off = fields[name][0]
            row[off:off + 4] = getattr(s, name)
    return bytes(row)


def make_rows(kind, nrows, traits, rng):
    """NROWS encoded rows of KIND with the content TRAITS asks for."""
    if traits["profile"] == "adversarial":
        socks = [_adversarial_socket(kind, traits, rng) for _ in range(nrows)]
        rows = [encode_row(kind, s) for s in socks]
        return _reorder(rows, traits["order"], socks, kind, rng)
    socks = _typical_sockets(kind, nrows, rng)
    (key, mode), = [(k, v) for k, v in traits.items() if k != "profile"] or [(None, None)]
    for s in socks:
        _apply_trait(kind, s, key, mode, rng)
    rows = [encode_row(kind, s) for s in socks]
    return _reorder(rows, mode, socks, kind, rng) if key == "order" else rows


def make_table(kind, nrows, profile, rng, single=None):
    """(table bytes, traits): a header-anchored table of NROWS rows."""
    traits = _traits_for(kind, profile, rng, single)
    rows = make_rows(kind, nrows, traits, rng)
    hdr = header_size(kind)
    head = bytearray(struct.pack("<I", nrows)) + bytes(hdr - 4)
    if hdr == 8:
        head[4:8] = _adv_fill(traits.get("header_padding", "zero"), 4, rng)
    return bytes(head) + b"".join(rows), traits


# ---------------------------------------------------------------- self test and CLI


def self_test(doc_path=None):
    """Layouts tile their rows exactly; generated tables are structural; doc agrees (if given)."""
    for kind, (hdr, size, fields) in LAYOUTS.items():
        covered = bytearray(size)
        for name, (off, width) in fields.items():
            for b in range(off, off + width):
                assert not covered[b], (kind, name, b)
                covered[b] = 1
        assert all(covered), (kind, "hole")
        rng = random.Random(kind)
        for profile in PROFILES:
            for n in ROW_COUNTS[:5]:
                for _ in range(20):
                    table, _ = make_table(kind, n, profile, rng)
                    assert len(table) == hdr + n * size
                    assert is_structural_table(kind, table), (kind, profile, n)
        for single in single_traits(kind):
            table, traits = make_table(kind, 7, "single", rng, single)
            assert is_structural_table(kind, table), (kind, single)
            assert traits == {"profile": "single", single[0]: single[1]}
    if doc_path:
        _check_against_doc(doc_path)
    return True


def _check_against_doc(path):
    """The layout table of doc/formats.md names the same offsets (pads are row_padding there)."""
    seen = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 7 or not cells[1].startswith("`"):
                continue
            kind = cells[1].strip("`")
            if kind not in LAYOUTS:
                continue
            hdr, size, fields = LAYOUTS[kind]
            assert int(cells[3]) == hdr and int(cells[4]) == size, (kind, cells)
            doc_offsets = set()
            for tok in cells[5].split():
                name, at = tok.split("@")
                doc_offsets.add((name, int(at.split("[")[0])))
            mine = {("row_padding" if n.startswith("pad") else n, off)
                    for n, (off, _) in fields.items()}
            assert mine == doc_offsets, (kind, sorted(mine ^ doc_offsets))
            seen.add(kind)
    assert seen == set(LAYOUTS), sorted(set(LAYOUTS) - seen)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", choices=KINDS)
    ap.add_argument("--rows", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", choices=PROFILES, default="adversarial")
    ap.add_argument("-o", "--output")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--doc", help="doc/formats.md to compare the layouts with (--self-test)")
    args = ap.parse_args(argv)
    if args.self_test:
        self_test(args.doc)
        print("adversarial_tables: self-test ok")
        return 0
    if not args.kind or not args.output:
        ap.error("--kind and -o are required (or --self-test)")
    table, traits = make_table(args.kind, args.rows, args.profile, random.Random(args.seed))
    with open(args.output, "wb") as f:
        f.write(table)
    print(traits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
