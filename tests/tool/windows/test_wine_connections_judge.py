#!/usr/bin/env python3
"""The pure parts of wine_connections.py (the connections judge of .ci/windows) on hand-made input:
/proc/net lines written out here as Linux prints them (addresses as host-order 32-bit words, ports
and states in hex), rows packed here from the SDK's layouts, and mibtcp's JSON keys.
Usage: test_wine_connections_judge.py   (exit 0: every check held)
"""
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
import wine_connections as judge  # noqa: E402

failures = 0


def check(condition, what):
    global failures
    if not condition:
        failures += 1
        print("FAIL", what)


HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "tcp"), "w") as f:
        f.write(HEADER)
        f.write("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0 0 1 1\n")
        f.write("   1: 0100007F:CF9B 0100007F:1F90 06 00000000:00000000 03:0000139E 00000000  0 0 0 3\n")
    with open(os.path.join(d, "tcp6"), "w") as f:
        f.write(HEADER)
        f.write("   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A "
                "00000000:00000000 00:00000000 00000000 0 0 1 1\n")
    with open(os.path.join(d, "udp"), "w") as f:
        f.write(HEADER)
        f.write("  7: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2\n")
    got = judge.proc_net(d)
check(got == {("tcp", 4, "127.0.0.1", 8080, "0.0.0.0", 0): "LISTEN",
              ("tcp", 4, "127.0.0.1", 53147, "127.0.0.1", 8080): "TIME_WAIT",
              ("tcp", 6, "::1", 80, "::", 0): "LISTEN",
              ("udp", 4, "0.0.0.0", 5353, None, None): None}, f"proc_net: {got}")

# MIB_TCPROW_OWNER_PID: state, local address, local port, remote address, remote port, PID.
row = struct.pack("<I4s4s4s4sI", 5, bytes([10, 0, 0, 5]), struct.pack(">H", 49152) + b"\0\0",
                  bytes([93, 184, 216, 34]), struct.pack(">H", 443) + b"\0\0", 1234)
check(judge.decode_row("tcp4-pid", row) == (("tcp", 4, "10.0.0.5", 49152, "93.184.216.34", 443), "ESTABLISHED"),
      "tcp4-pid row")
# MIB_TCP6ROW (tcp6-basic): the state first, then address, scope, port for each end.
row6 = (struct.pack("<I", 2) + bytes(15) + b"\x01" + struct.pack("<I", 1) + struct.pack(">H", 445) + b"\0\0"
        + bytes(16) + struct.pack("<I", 0) + bytes(4))
check(judge.decode_row("tcp6-basic", row6) == (("tcp", 6, "::1", 445, "::", 0), "LISTEN"), "tcp6-basic row")
# MIB_TCP6ROW_OWNER_PID (tcp6-pid): the endpoints first, the state at 48.
row6p = (bytes(15) + b"\x01" + struct.pack("<I", 1) + struct.pack(">H", 445) + b"\0\0" + bytes(15) + b"\x01"
         + struct.pack("<I", 1) + struct.pack(">H", 50000) + b"\0\0" + struct.pack("<II", 11, 0))
check(judge.decode_row("tcp6-pid", row6p) == (("tcp", 6, "::1", 445, "::1", 50000), "TIME_WAIT"), "tcp6-pid row")
# MIB_UDP6ROW_OWNER_PID: address, scope, port, PID.
rowu = bytes(16) + struct.pack("<I", 0) + struct.pack(">H", 53) + b"\0\0" + struct.pack("<I", 8)
check(judge.decode_row("udp6-pid", rowu) == (("udp", 6, "::", 53, None, None), None), "udp6-pid row")

table = {"kind": "tcp4-pid", "entries": 1, "rows_offset": 4, "row_size": 24, "addr": 0x1000,
         "bytes": struct.pack("<I", 1) + row}
check(judge.table_rows(table) == [(0x1004, row, ("tcp", 4, "10.0.0.5", 49152, "93.184.216.34", 443),
                                   "ESTABLISHED")], "table_rows")
check(judge.output_key({"protocol": "UDP", "family": "ipv6", "local_addr": "::", "local_port": 53,
                        "remote_addr": "x", "remote_port": 1}) == ("udp", 6, "::", 53, None, None), "output_key UDP")
later = {"seq": 2, "addr": 0x1010, "table_size": 8}
check(judge.overwritten([table | {"seq": 1}, later], table | {"seq": 1}, 0x1004, 0x101c), "overwritten by a later table")
check(not judge.overwritten([table | {"seq": 3}, later], table | {"seq": 3}, 0x1004, 0x101c), "an earlier table")
print("wine_connections judge:", "ok" if failures == 0 else f"{failures} checks failed")
sys.exit(1 if failures else 0)
