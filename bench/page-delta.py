#!/usr/bin/env python3
"""Compare two versions of a database file page by page.

  bench/page-delta.py OLD.db NEW.db [--out DELTA.bin] [--page-size 4096]

Reports how many pages of NEW differ from OLD (pages past OLD's end count as changed) and how many
aligned 1 MiB blocks hold a changed page (what a block-level tool would copy). With --out, writes
the changed pages as (4-byte big-endian page number, 1-based) + page: the bytes an ideal page-level
incremental backup would store; compress it (zstd -3) for that backup's size. Prints one JSON line.
Compare checkpointed files (no -wal next to them), e.g. before and after bench/apply-change.py.
"""
import argparse
import json
import struct

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("old")
ap.add_argument("new")
ap.add_argument("--out", help="write the changed pages here")
ap.add_argument("--page-size", type=int, default=4096)
a = ap.parse_args()

ps = a.page_size
per_mib = (1 << 20) // ps
pages_old = pages_new = changed = 0
blocks = set()
out = open(a.out, "wb") if a.out else None
with open(a.old, "rb") as fo, open(a.new, "rb") as fn:
    while True:
        new = fn.read(ps * 256)
        old = fo.read(ps * 256)
        pages_old += len(old) // ps
        if not new:
            break
        for i in range(0, len(new), ps):
            page = new[i:i + ps]
            if old[i:i + ps] != page:
                changed += 1
                blocks.add(pages_new // per_mib)
                if out:
                    out.write(struct.pack(">I", pages_new + 1) + page)
            pages_new += 1
    pages_old += len(fo.read()) // ps
if out:
    out.close()
n_blocks = -(-pages_new // per_mib)
print(json.dumps({
    "old": a.old, "new": a.new, "pages_old": pages_old, "pages_new": pages_new,
    "pages_changed": changed, "pages_changed_pct": round(100.0 * changed / max(1, pages_old), 3),
    "mib_blocks_changed": len(blocks), "mib_blocks": n_blocks,
    "mib_blocks_changed_pct": round(100.0 * len(blocks) / max(1, n_blocks), 1),
    "delta_bytes": changed * (ps + 4) if out else None,
}))
