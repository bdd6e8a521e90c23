#!/usr/bin/env python3
"""Build a realistic SQLite database of a given size, deterministically.

  bench/make-db.py OUT.db [--size 1GiB] [--seed 42] [--force]

The data is that of a note-taking app used for a while by many people:
  users (JSON prefs), folders (tree per user), tags, mime_types (lookups),
  notes (markdown-ish prose, 3 indexes), note_tags (many-to-many, WITHOUT ROWID),
  events (JSON request log, 2 indexes), attachments (blobs, 2 indexes), meta.
Foreign keys are declared and hold (PRAGMA foreign_key_check is clean).

Per simulated day about 4 MiB of content: ~45% note text, ~20% event JSON, ~30% attachment blobs
(mostly incompressible: photos and archives are random bytes, PDFs half random, text/CSV
compressible), plus tags. Old events are purged and some notes deleted (with their attachments)
along the way, so the file has reused and free pages like a database that has been in use.

Same seed + same size + same SQLite build => byte-identical file. The file is in WAL mode with
4 KiB pages, checkpointed (no -wal left behind), and at least --size bytes (it stops at the
first day that reaches the size, so it overshoots by up to a few MiB). Python 3 standard library
only. Prints one JSON line of facts.
"""
import argparse
import json
import os
import random
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdata import DAY, EPOCH, FOLDER_NAMES, GENERATOR, MIME_TYPES, SCHEMA, TAG_COLORS, Content, parse_size, sha256_hex  # noqa: E402

DAY_BYTES = 4 << 20   # content written per simulated day (one transaction)


def build(path, target, seed):
    rng = random.Random(seed)
    gen = Content(rng)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA page_size=4096")
    # Built without a journal (fast; a crash just means building again), switched to WAL at the end.
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")   # 256 MiB
    con.execute("PRAGMA foreign_keys=ON")      # the generated rows must keep them
    con.executescript(SCHEMA)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]

    n_users = max(40, target // (96 * 1024))
    con.execute("BEGIN")
    con.executemany("INSERT INTO mime_types VALUES (?,?,?)", [m[:3] for m in MIME_TYPES])
    tag_names = gen.tag_names()
    con.executemany("INSERT INTO tags VALUES (?,?,?)",
                    [(i + 1, name, TAG_COLORS[i % len(TAG_COLORS)]) for i, name in enumerate(tag_names)])
    n_tags = len(tag_names)
    con.executemany("INSERT INTO users VALUES (?,?,?,?,?,?)",
                    [gen.user(uid, EPOCH - rng.randrange(400 * DAY)) for uid in range(1, n_users + 1)])
    folders = {}   # user -> [folder ids]
    fid = 0
    rows = []
    for uid in range(1, n_users + 1):
        mine = []
        for name in rng.sample(FOLDER_NAMES, rng.randint(2, 6)):
            fid += 1
            parent = rng.choice(mine) if mine and rng.random() < 0.3 else None
            rows.append((fid, uid, parent, name))
            mine.append(fid)
        folders[uid] = mine
    con.executemany("INSERT INTO folders VALUES (?,?,?,?)", rows)
    con.execute("COMMIT")

    note_id = event_id = att_id = 0
    oldest_event = 1
    counts = dict(notes=0, note_tags=0, events=0, attachments=0, events_purged=0, notes_deleted=0,
                  notes_trashed=0)
    raw = dict(note_text=0, event_json=0, attachment_blobs=0)
    day = 0
    while True:
        day += 1
        t_day = EPOCH + day * DAY
        con.execute("BEGIN")
        # notes and their tags (~45% of the day's bytes)
        notes, tags, b = [], [], 0
        while b < 0.45 * DAY_BYTES:
            note_id += 1
            uid = rng.randint(1, n_users)
            body = gen.body(gen.body_length())
            title = gen.title()
            created = t_day + rng.randrange(DAY)
            updated = created + rng.choice((0, 0, 0, 90, 600, 3600, DAY, 5 * DAY))
            folder = rng.choice(folders[uid]) if rng.random() < 0.8 else None
            notes.append((note_id, uid, folder, title, body, int(rng.random() < 0.04), created, updated, None))
            tags.extend((note_id, t) for t in gen.tags_for_note(n_tags))
            b += len(body) + len(title) + 48
        con.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?)", notes)
        con.executemany("INSERT INTO note_tags VALUES (?,?)", tags)
        counts["notes"] += len(notes)
        counts["note_tags"] += len(tags)
        raw["note_text"] += b
        # events, in time order (~20%)
        events, b = [], 0
        while b < 0.20 * DAY_BYTES:
            event_id += 1
            ev = gen.event(event_id, rng.randint(1, n_users), rng.randint(max(1, note_id - 4000), note_id), 0)
            events.append(ev)
            b += len(ev[5]) + 32
        stamps = sorted(t_day + rng.randrange(DAY) for _ in events)
        events = [ev[:4] + (ts,) + ev[5:] for ev, ts in zip(events, stamps)]
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)", events)
        counts["events"] += len(events)
        raw["event_json"] += b
        # attachments (~30%)
        atts, b = [], 0
        while b < 0.30 * DAY_BYTES:
            att_id += 1
            mime_id, name, data = gen.attachment()
            atts.append((att_id, rng.randint(max(1, note_id - 1500), note_id), mime_id, name, len(data),
                         sha256_hex(data), t_day + rng.randrange(DAY), data))
            b += len(data)
        con.executemany("INSERT INTO attachments VALUES (?,?,?,?,?,?,?,?)", atts)
        counts["attachments"] += len(atts)
        raw["attachment_blobs"] += b
        # wear: purge the oldest events, put some notes in the trash, empty the trash of old ones
        if day > 3 and note_id > 3000:
            n = rng.randint(100, 400)
            counts["events_purged"] += con.execute("DELETE FROM events WHERE id >= ? AND id < ?",
                                                   (oldest_event, oldest_event + n)).rowcount
            oldest_event += n
            # (only notes older than the window new attachments and events point into)
            trash = [(t_day + rng.randrange(DAY), rng.randint(1, note_id - 2000)) for _ in range(rng.randint(5, 25))]
            counts["notes_trashed"] += con.executemany(
                "UPDATE notes SET deleted_at=? WHERE id=? AND deleted_at IS NULL", trash).rowcount
            counts["notes_deleted"] += con.execute(
                "DELETE FROM notes WHERE id IN (SELECT id FROM notes WHERE deleted_at < ? ORDER BY id LIMIT ?)",
                (t_day - 7 * DAY, rng.randint(0, 6))).rowcount
        con.execute("COMMIT")
        if con.execute("PRAGMA page_count").fetchone()[0] * page_size >= target:
            break

    con.execute("BEGIN")
    con.executemany("INSERT INTO meta VALUES (?,?)", [
        ("generator", GENERATOR), ("seed", str(seed)), ("target_bytes", str(target)),
        ("day", "0"), ("history_end", str(t_day + DAY))])
    con.execute("COMMIT")
    con.execute("ANALYZE")
    if con.execute("PRAGMA journal_mode=WAL").fetchone()[0] != "wal":
        sys.exit("could not switch %s to WAL mode" % path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    facts = {
        "page_size": page_size,
        "page_count": con.execute("PRAGMA page_count").fetchone()[0],
        "freelist_count": con.execute("PRAGMA freelist_count").fetchone()[0],
        "journal_mode": con.execute("PRAGMA journal_mode").fetchone()[0],
        "users": n_users, "folders": fid, "tags": n_tags, "days": day,
        "rows_written": counts, "content_bytes": raw,
    }
    con.close()
    return facts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="database file to create")
    ap.add_argument("--size", default="1GiB", help="file size to reach, e.g. 100MiB, 1GiB, 2.5GiB (default 1GiB)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--force", action="store_true", help="replace OUT (and its -wal/-shm) if it exists")
    a = ap.parse_args()
    try:
        target = parse_size(a.size)
    except ValueError as e:
        ap.error(str(e))
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(a.out + suffix):
            if not a.force:
                sys.exit("error: %s exists (use --force to replace it)" % (a.out + suffix))
            os.remove(a.out + suffix)
    t0 = time.time()
    facts = build(a.out, target, a.seed)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(a.out + suffix) and os.path.getsize(a.out + suffix) == 0:
            os.remove(a.out + suffix)
    info = {"file": a.out, "bytes": os.path.getsize(a.out), "target": target, "seed": a.seed}
    info.update(facts)
    info.update(sqlite_version=sqlite3.sqlite_version, seconds=round(time.time() - t0, 1))
    print(json.dumps(info))


if __name__ == "__main__":
    main()
