#!/usr/bin/env python3
"""Keep the live tables of a Wine agent corpus as they lay in the agent's heap, for carving tests.

A corpus kept by `wine_carve_corpus.py --keep DIR` holds the agent's memory as LiME and its log of
every table it fetched (heap address, heap block size, kind, dwNumEntries, the exact bytes). For
each non-empty table of the last poll (the live ones), this writes the heap bytes from 16 before the
table to 16 after its heap block: the table as the API wrote it, the slack of its block (stale rows
of earlier polls, where a larger buffer was reused) and Wine's heap headers around it, exactly as a
carver meets them in an image. The truth (kind, rows, where the table starts in the file) comes
from the agent's log, never from mibtcp, and each file's table bytes are checked against the bytes
the agent logged.

Usage: export_heap_tables.py OUT-DIR CORPUS-DIR [CORPUS-DIR ...]
Writes OUT-DIR/<corpus>-<kind>-<rows>-<case>.bin and OUT-DIR/manifest.json (merged with what is
there).
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from wine_carve_corpus import Image, load_tables  # noqa: E402

CONTEXT = 16  # bytes kept before the table and after its heap block


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest_path = os.path.join(out, "manifest.json")
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else {"tables": []}
    known = {t["file"] for t in manifest["tables"]}
    for corpus in sys.argv[2:]:
        name = os.path.basename(os.path.normpath(corpus))
        image = Image(os.path.join(corpus, "agent.lime"))
        tables = load_tables(os.path.join(corpus, "agent"))
        last_poll = max(t["poll"] for t in tables)
        for e in tables:
            if e["poll"] != last_poll or e["entries"] == 0:
                continue
            table = e["bytes"]
            block = image.read(e["addr"] - CONTEXT, CONTEXT + e["block_size"] + CONTEXT)
            if block is None or block[CONTEXT:CONTEXT + len(table)] != table:
                print(f"export_heap_tables: {name} {e['file']}: not intact in the image, left out", file=sys.stderr)
                continue
            file = f"{name}-{e['kind']}-{e['entries']}-{e['case']}.bin"
            with open(os.path.join(out, file), "wb") as f:
                f.write(block)
            if file not in known:
                manifest["tables"].append({
                    "file": file, "kind": e["kind"], "rows": e["entries"], "table_offset": CONTEXT,
                    "table_size": len(table), "heap_block_size": e["block_size"], "case": e["case"],
                    "function": e["function"], "class": e["class"], "corpus": name,
                    "sha256": hashlib.sha256(block).hexdigest()})
                known.add(file)
    manifest["tables"].sort(key=lambda t: t["file"])
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
