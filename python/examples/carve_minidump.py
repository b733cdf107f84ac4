#!/usr/bin/env python3
"""Carve a Windows minidump (or any memory image) and print the connections found in it.

usage: carve_minidump.py IMAGE [--all]   (--all: orphan runs and low-confidence hits too)"""

import sys

import mibtcp


def main(path, show_all=False):
    found = 0
    for hit in mibtcp.carve(path):  # memory-mapped: a multi-GB image is never read into Python memory
        if not show_all and not (hit.header and hit.valid):
            continue
        where = f"{hit.address_key} {hit.address:#x}" if hit.address_key else f"offset {hit.offset:#x}"
        print(f"{hit.kind.cli_name} at {where}: {hit.rows} rows, confidence {hit.confidence}%")
        for r in hit.table:
            remote = f"{r.remote_addr}:{r.remote_port}" if r.remote_addr is not None else "*:*"
            state = r.state.name if r.state is not None else ""
            pid = r.pid if r.pid is not None else "-"
            when = r.created.isoformat() if r.created else ""
            print(f"  {r.local_addr}:{r.local_port:<6} {remote:<45} {state:<12} pid {pid:<6} {when}")
            found += 1
    print(f"{found} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], "--all" in sys.argv[2:]))
