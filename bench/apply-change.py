#!/usr/bin/env python3
"""Simulate one day of use on a database built by bench/make-db.py, deterministically.

  bench/apply-change.py DB [--fraction 0.01] [--seed 42] [--locality skewed|uniform]

The day is a series of sessions, one transaction each, until about FRACTION of the database's
pages have been written. A session:
  * edits 8 notes (append a paragraph or rewrite a sentence; updated_at moves, so the indexes
    change too); 'skewed' (default): 85% of the edits go to the newest 5% of notes,
    'uniform': any note;
  * writes 4 new notes with tags and about 60 events (JSON), bumps last_seen of 15 users;
  * purges the 30 oldest events;
  * sessions 1, 4, 7, ...: a new attachment blob;
    sessions 2, 9, 16, ...: deletes an attachment, moves a note to the trash and changes one
    user's JSON prefs;
    sessions 3, 14, 25, ...: empties the trash of one old note (its tags and attachments go with
    it, ON DELETE CASCADE).
Pages written are counted from the WAL (auto-checkpoint is off while it runs); at the end the
WAL is checkpointed into the file and truncated, and meta.day goes up by one, so calling it again
simulates the next day. The same database, seed and day give the same changes (and, with the
same SQLite build, the same file).

Prints one JSON line: sessions, operations, distinct pages written (and their share of the
database). bench/page-delta.py OLD NEW compares two files page by page.
"""
import argparse
import json
import math
import os
import random
import sqlite3
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdata import DAY, Content, sha256_hex  # noqa: E402

WAL_HEADER = 32
FRAME_HEADER = 24


class WalWatcher:
    """Reads the page numbers of the frames appended to a WAL since the last call."""

    def __init__(self, path, page_size):
        self.path, self.page_size = path, page_size
        self.offset = WAL_HEADER
        self.pages = set()
        self.frames = 0

    def scan(self):
        if not os.path.exists(self.path):
            return
        frame = FRAME_HEADER + self.page_size
        with open(self.path, "rb") as f:
            end = os.fstat(f.fileno()).st_size
            while self.offset + frame <= end:
                f.seek(self.offset)
                self.pages.add(struct.unpack(">I", f.read(4))[0])
                self.offset += frame
                self.frames += 1


def meta(con, key):
    row = con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    if row is None:
        sys.exit("error: meta.%s is missing: is this a database built by bench/make-db.py?" % key)
    return row[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--fraction", type=float, default=0.01, help="share of the pages to write (default 0.01)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--locality", choices=("skewed", "uniform"), default="skewed",
                    help="which notes get edited (default skewed: mostly recent ones)")
    a = ap.parse_args()
    if not 0 < a.fraction <= 1:
        ap.error("--fraction must be in (0, 1]")
    if not os.path.exists(a.db):
        sys.exit("error: %s does not exist" % a.db)

    t0 = time.time()
    con = sqlite3.connect(a.db, isolation_level=None)
    if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        sys.exit("error: %s is not in WAL mode" % a.db)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    pages_before = con.execute("PRAGMA page_count").fetchone()[0]

    day = int(meta(con, "day")) + 1
    now = int(meta(con, "history_end")) + (day - 1) * DAY
    rng = random.Random("%d/%d/%s" % (a.seed, day, a.locality))
    gen = Content(rng)
    n_users = con.execute("SELECT max(id) FROM users").fetchone()[0]
    n_tags = con.execute("SELECT max(id) FROM tags").fetchone()[0]
    max_note = con.execute("SELECT max(id) FROM notes").fetchone()[0]
    max_event = con.execute("SELECT max(id) FROM events").fetchone()[0]
    max_att = con.execute("SELECT max(id) FROM attachments").fetchone()[0]
    folders = {}

    def folder_of(uid):
        if uid not in folders:
            folders[uid] = [r[0] for r in con.execute("SELECT id FROM folders WHERE user_id=? ORDER BY id", (uid,))]
        mine = folders[uid]
        return mine[int(rng.random() * len(mine))] if mine and rng.random() < 0.8 else None

    target = math.ceil(a.fraction * pages_before)
    wal = WalWatcher(a.db + "-wal", page_size)
    ops = dict(note_edits=0, note_inserts=0, tag_links=0, event_inserts=0, events_purged=0,
               user_updates=0, attachment_inserts=0, attachment_deletes=0, notes_trashed=0, notes_deleted=0)
    session = 0
    while len(wal.pages) < target:
        session += 1
        ts = now + session * 53
        con.execute("BEGIN")
        for _ in range(8):
            if a.locality == "skewed" and rng.random() < 0.85:
                nid = rng.randint(max(1, int(max_note * 0.95)), max_note)
            else:
                nid = rng.randint(1, max_note)
            row = con.execute("SELECT body FROM notes WHERE id=? AND deleted_at IS NULL", (nid,)).fetchone()
            if row is None:
                continue
            body = row[0]
            if rng.random() < 0.6:
                body += "\n\n" + gen.paragraph()
            else:
                at = rng.randrange(max(1, len(body)))
                body = body[:at] + gen.sentence() + body[at + rng.randint(0, 240):]
            con.execute("UPDATE notes SET body=?, updated_at=? WHERE id=?", (body, ts, nid))
            ops["note_edits"] += 1
        notes, links = [], []
        for _ in range(4):
            max_note += 1
            uid = rng.randint(1, n_users)
            notes.append((max_note, uid, folder_of(uid), gen.title(), gen.body(gen.body_length()), 0, ts, ts, None))
            links.extend((max_note, t) for t in gen.tags_for_note(n_tags))
        con.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?)", notes)
        con.executemany("INSERT INTO note_tags VALUES (?,?)", links)
        ops["note_inserts"] += len(notes)
        ops["tag_links"] += len(links)
        events = []
        for _ in range(rng.randint(40, 80)):
            max_event += 1
            events.append(gen.event(max_event, rng.randint(1, n_users), rng.randint(max(1, max_note - 4000), max_note),
                                    ts + rng.randrange(53)))
        events.sort(key=lambda e: e[4])
        events = [(max_event - len(events) + 1 + i,) + e[1:] for i, e in enumerate(events)]
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)", events)
        ops["event_inserts"] += len(events)
        con.executemany("UPDATE users SET last_seen=? WHERE id=?", [(ts, rng.randint(1, n_users)) for _ in range(15)])
        ops["user_updates"] += 15
        ops["events_purged"] += con.execute(
            "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 30)").rowcount
        if session % 3 == 1:
            max_att += 1
            mime_id, name, data = gen.attachment()
            note = con.execute("SELECT id FROM notes WHERE id >= ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
                               (rng.randint(max(1, max_note - 1500), max_note),)).fetchone()[0]
            con.execute("INSERT INTO attachments VALUES (?,?,?,?,?,?,?,?)",
                        (max_att, note, mime_id, name, len(data), sha256_hex(data), ts, data))
            ops["attachment_inserts"] += 1
        if session % 7 == 2:
            ops["attachment_deletes"] += con.execute(
                "DELETE FROM attachments WHERE id = (SELECT id FROM attachments WHERE id >= ? ORDER BY id LIMIT 1)",
                (rng.randint(1, max_att),)).rowcount
            ops["notes_trashed"] += con.execute("UPDATE notes SET deleted_at=? WHERE id=? AND deleted_at IS NULL",
                                                (ts, rng.randint(1, max(1, max_note - 2000)))).rowcount
            con.execute("UPDATE users SET prefs=json_set(prefs, '$.theme', ?, '$.editor.size', ?) WHERE id=?",
                        (rng.choice(("auto", "light", "dark")), rng.randint(11, 18), rng.randint(1, n_users)))
            ops["user_updates"] += 1
        if session % 11 == 3:
            ops["notes_deleted"] += con.execute(
                "DELETE FROM notes WHERE id = (SELECT id FROM notes WHERE deleted_at < ? ORDER BY id LIMIT 1)",
                (ts - 7 * DAY,)).rowcount
        con.execute("COMMIT")
        wal.scan()

    con.execute("UPDATE meta SET value=? WHERE key='day'", (str(day),))
    wal.scan()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages_after = con.execute("PRAGMA page_count").fetchone()[0]
    free_after = con.execute("PRAGMA freelist_count").fetchone()[0]
    con.close()
    print(json.dumps({
        "db": a.db, "day": day, "seed": a.seed, "locality": a.locality, "fraction": a.fraction,
        "sessions": session, "ops": ops,
        "page_count_before": pages_before, "page_count_after": pages_after, "freelist_after": free_after,
        "target_pages": target, "pages_written": len(wal.pages), "wal_frames": wal.frames,
        "pages_written_pct": round(100.0 * len(wal.pages) / pages_before, 3),
        "seconds": round(time.time() - t0, 2),
    }))


if __name__ == "__main__":
    main()
