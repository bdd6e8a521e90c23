"""Schema and deterministic content for the benchmark databases (make-db.py, apply-change.py).

Python 3 standard library only. Every value comes from the random.Random passed in, so a seed
gives the same rows every time (and, with the same SQLite build, the same database file).
The vocabulary and the lookup tables do not depend on the seed.
"""
import hashlib
import array
import itertools
import json
import random
import sys

EPOCH = 1640995200  # 2022-01-01T00:00:00Z: the generated history starts here
DAY = 86400
GENERATOR = "lifeboat bench/make-db.py 1"

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE mime_types(
  id INTEGER PRIMARY KEY,
  mime TEXT NOT NULL UNIQUE,
  ext TEXT NOT NULL
);
CREATE TABLE tags(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  color TEXT NOT NULL
);
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  prefs TEXT NOT NULL CHECK (json_valid(prefs))
);
CREATE TABLE folders(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  parent_id INTEGER REFERENCES folders(id),
  name TEXT NOT NULL
);
CREATE INDEX folders_user ON folders(user_id, parent_id);
CREATE TABLE notes(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  folder_id INTEGER REFERENCES folders(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX notes_user_updated ON notes(user_id, updated_at);
CREATE INDEX notes_updated ON notes(updated_at);
CREATE INDEX notes_folder ON notes(folder_id);
CREATE TABLE note_tags(
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (note_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX note_tags_tag ON note_tags(tag_id);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  note_id INTEGER,
  kind TEXT NOT NULL,
  ts INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_user_ts ON events(user_id, ts);
CREATE INDEX events_kind_ts ON events(kind, ts);
CREATE TABLE attachments(
  id INTEGER PRIMARY KEY,
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  mime_id INTEGER NOT NULL REFERENCES mime_types(id),
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX attachments_note ON attachments(note_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);
"""

# (id, mime, extension, weight, content): "noise" = already compressed (photos, archives),
# "pdf" = alternating compressed streams and plain text, "text" = compressible prose.
MIME_TYPES = [
    (1, "image/jpeg", "jpg", 48, "noise"),
    (2, "image/png", "png", 14, "noise"),
    (3, "application/pdf", "pdf", 20, "pdf"),
    (4, "application/zip", "zip", 6, "noise"),
    (5, "text/markdown", "md", 6, "text"),
    (6, "text/csv", "csv", 6, "csv"),
]

EVENT_KINDS = ["open", "view", "edit", "save", "sync", "search", "login", "share", "export",
               "comment", "upload", "logout"]
STATUSES = (200, 200, 200, 200, 200, 201, 204, 304, 403, 404, 409, 500)
CLIENTS = [
    ("web", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
    ("web", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
    ("web", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"),
    ("ios", "Jotter/5.4.2 (iPhone15,3; iOS 17.5)"),
    ("android", "Jotter/5.4.1 (Android 14; SM-S918B)"),
    ("desktop", "JotterDesktop/2.9.0 (Linux x86_64)"),
    ("desktop", "JotterDesktop/2.9.0 (Windows 11)"),
    ("cli", "jotter-cli/0.7.3"),
]
FIRST_NAMES = ("Aino Bruno Carmen Dmitri Elif Farah Goran Hana Ivo Jana Kofi Lucia Mateo Nadia "
               "Oskar Priya Rafael Sofia Tomas Ursula Viktor Wanda Yusuf Zara").split()
LAST_NAMES = ("Achebe Berg Costa Dubois Eriksen Fischer Gomez Haddad Ito Jensen Kowalski Larsen "
              "Moreau Novak Okafor Petrov Quinn Rossi Silva Tanaka Urban Varga Weber Yilmaz").split()
TIMEZONES = ["UTC", "Europe/Lisbon", "Europe/Warsaw", "America/Chicago", "America/Sao_Paulo",
             "Asia/Seoul", "Asia/Dubai", "Africa/Lagos", "Pacific/Auckland"]
LOCALES = ["en-GB", "en-US", "pt-BR", "pl-PL", "de-AT", "ko-KR", "fr-CA", "tr-TR"]
FOLDER_NAMES = ["Inbox", "Work", "Personal", "Projects", "Archive", "Recipes", "Travel",
                "Reading", "Meetings", "Ideas", "Journal", "Research", "Admin", "Drafts"]
TAG_COLORS = ["#e11d48", "#2563eb", "#16a34a", "#ca8a04", "#9333ea", "#0891b2", "#64748b"]

_ONSETS = ("b c d f g h j k l m n p r s t v w y z br cr dr fl gl gr kl kn pl pr qu sc sk sl sn sp st "
           "tr wr ch ph sh th").split()
_NUCLEI = "a e i o u y a e i o u ai au ea ee ei oa oo ou ie".split()
_CODAS = ["", "", "", "", "b", "d", "g", "k", "n", "r", "s", "t", "l", "m", "p", "x", "z", "ck", "ft", "lt",
          "mp", "nd", "ng", "rk", "sk", "ss", "st", "th"]


WORD_TABLE_BITS = 20


def _vocabulary():
    """About 9000 pronounceable pseudo-words (seed-independent) and a table of 2**20 slots in which
    each word fills a share proportional to its Zipf-like weight 1/(rank+2)**1.1, so that picking
    a word is one random index into the table."""
    vr = random.Random("lifeboat-bench-vocabulary")
    words = set()
    while len(words) < 9000:
        n = vr.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
        words.add("".join(vr.choice(_ONSETS) + vr.choice(_NUCLEI) + vr.choice(_CODAS)
                          for _ in range(n)))
    # Frequent words tend to be short, as in real languages (the noise sets how strongly: this
    # much gives zstd -3 about the ratio of real-ish prose, ~3.1x on note text).
    words = sorted(sorted(words), key=lambda w: len(w) + vr.uniform(0, 250))
    weights = [1.0 / (rank + 2) ** 1.1 for rank in range(len(words))]
    slots = 1 << WORD_TABLE_BITS
    scale = slots / sum(weights)
    table = []
    for w, weight in zip(words, weights):
        table.extend([w] * max(1, round(weight * scale)))
    del table[slots:]
    table.extend(words[:slots - len(table)])
    return words, table


class Content:
    """Deterministic generator of note-taking-app content, driven by one random.Random."""

    _words, _table = _vocabulary()
    _mask = (1 << WORD_TABLE_BITS) - 1
    _kinds_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(EVENT_KINDS))))
    _mime_cum = list(itertools.accumulate(m[3] for m in MIME_TYPES))

    def __init__(self, rng):
        self.rng = rng

    # ---- prose ---------------------------------------------------------------------------------
    def words(self, n):
        idx = array.array("I", self.rng.randbytes(4 * n))
        if sys.byteorder == "big":
            idx.byteswap()   # the same words on every machine
        return list(map(self._table.__getitem__, map(self._mask.__and__, idx)))

    def paragraph(self):
        rnd = self.rng.random
        lengths = [4 + int(rnd() * 16) for _ in range(2 + int(rnd() * 5))]
        ws = self.words(sum(lengths))
        out, i = [], 0
        for n in lengths:
            s = ws[i:i + n]
            i += n
            s[0] = s[0].capitalize()
            x = rnd()
            if n > 8 and x < 0.3:
                s[n // 2] += ","
            out.append(" ".join(s) + ".....?!:"[int(x * 8)])
        return " ".join(out)

    def sentence(self):
        s = self.words(self.rng.randint(4, 16))
        s[0] = s[0].capitalize()
        return " ".join(s) + "."

    def title(self):
        return " ".join(self.words(self.rng.randint(1, 7))).capitalize()

    def body(self, length):
        """Markdown-ish text of about `length` characters."""
        r = self.rng
        parts, n = [], 0
        while n < length:
            x = r.random()
            if x < 0.07:
                p = "#" * r.randint(1, 3) + " " + self.title()
            elif x < 0.15:
                p = "\n".join(("- [ ] " if r.random() < 0.3 else "- ") + " ".join(self.words(r.randint(2, 8)))
                              for _ in range(r.randint(2, 7)))
            elif x < 0.18:
                w = self.words(2)
                p = "See [%s](https://wiki.example.net/%s/%d)." % (w[0], w[1], r.randrange(1 << 20))
            elif x < 0.20:
                w = self.words(3)
                p = "```\n%s = load(\"%s\", limit=%d)\nprint(%s)\n```" % (w[0], w[1], r.randrange(1000), w[2])
            else:
                p = self.paragraph()
            parts.append(p)
            n += len(p) + 2
        return "\n\n".join(parts)

    def body_length(self):
        # log-normal, median about 1.4 KB, clipped to 60 B .. 30 KB
        return int(min(30000, max(60, self.rng.lognormvariate(7.25, 0.95))))

    # ---- rows ----------------------------------------------------------------------------------
    def user(self, uid, created):
        r = self.rng
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        prefs = {
            "locale": r.choice(LOCALES), "timezone": r.choice(TIMEZONES),
            "theme": r.choice(["auto", "light", "dark"]),
            "editor": {"font": r.choice(["mono", "serif", "sans"]), "size": r.randint(11, 18),
                       "wrap": r.random() < 0.85, "spell": r.random() < 0.7},
            "notify": {"mentions": r.random() < 0.9, "digest": r.choice(["off", "daily", "weekly"])},
            "sync_token": r.randbytes(18).hex(),
            "about": self.sentence(),
        }
        return (uid, "%s.%s.%d@mail.example.com" % (first.lower(), last.lower(), uid),
                "%s %s" % (first, last), created, created + r.randrange(90 * DAY), _json(prefs))

    def tag_names(self):
        vr = random.Random("lifeboat-bench-tags")
        return sorted({"".join(vr.choices(self._words[:1500], k=vr.choice((1, 1, 2)))) for _ in range(260)})[:240]

    def event(self, eid, user_id, note_id, ts):
        """An events row; the payload is compact JSON (built by hand: this runs a million times per GiB)."""
        r = self.rng
        rnd = r.random
        kind = EVENT_KINDS[_pick(rnd(), self._kinds_cum)]
        platform, agent = CLIENTS[int(rnd() * len(CLIENTS))]
        extra = ""
        if kind == "search":
            extra = ',"query":"%s"' % " ".join(self.words(1 + int(rnd() * 4)))
        elif kind == "edit" or kind == "save":
            extra = ',"diff":{"added":%d,"removed":%d}' % (int(rnd() * 400), int(rnd() * 120))
        ip = r.getrandbits(16)
        payload = ('{"ip":"198.51.%d.%d","ua":"%s","ms":%d,"os":"%s",'
                   '"req":"%s","path":"/n/%d","status":%d%s}') % (
            ip >> 8, ip & 255, agent, int(r.expovariate(1 / 35.0)), platform, r.randbytes(12).hex(), note_id,
            STATUSES[int(rnd() * len(STATUSES))], extra)
        return (eid, user_id, note_id, kind, ts, payload)

    def attachment(self):
        """(mime_id, name, data): size log-uniform over 4 KiB .. 512 KiB."""
        r = self.rng
        mime_id, _mime, ext, _w, kind = MIME_TYPES[_pick(r.random(), self._mime_cum)]
        size = int(2 ** r.uniform(12, 19))
        if kind == "noise":
            head = {"jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "png": b"\x89PNG\r\n\x1a\n",
                    "zip": b"PK\x03\x04\x14\x00"}[ext]
            data = head + r.randbytes(size - len(head))
        elif kind == "pdf":
            chunks, n = [b"%PDF-1.7\n"], 9
            obj = 0
            while n < size:
                obj += 1
                if r.random() < 0.5:
                    c = b"%d 0 obj <</Filter /FlateDecode>> stream\n" % obj + r.randbytes(4096) + b"\nendstream\n"
                else:
                    c = b"%d 0 obj (" % obj + self.paragraph().encode() + b") endobj\n"
                chunks.append(c)
                n += len(c)
            data = b"".join(chunks)[:size]
        elif kind == "csv":
            lines, n = ["date,account,amount,category,memo"], 0
            while n < size:
                line = "2023-%02d-%02d,%d,%d.%02d,%s,%s" % (
                    r.randint(1, 12), r.randint(1, 28), r.randrange(10**6), r.randrange(5000), r.randrange(100),
                    self.words(1)[0], " ".join(self.words(r.randint(1, 5))))
                lines.append(line)
                n += len(line) + 1
            data = "\n".join(lines).encode()[:size]
        else:
            data = self.body(size).encode()[:size]
        name = "%s-%d.%s" % ("-".join(self.words(r.randint(1, 3))), r.randrange(10**4), ext)
        return mime_id, name, data

    def tags_for_note(self, n_tags):
        r = self.rng
        return r.sample(range(1, n_tags + 1), r.choice((0, 0, 1, 1, 1, 2, 2, 3, 5)))


def _pick(u, cum):
    """Index drawn by u (uniform in [0, 1)) from cumulative weights."""
    x = u * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _json(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def parse_size(text):
    """'100MiB', '1GiB', '1.5G', '500MB', '4096' -> bytes (K/M/G/T and KiB.. are powers of 1024)."""
    s = text.strip().lower().replace(" ", "")
    units = {"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20,
             "g": 1 << 30, "gib": 1 << 30, "t": 1 << 40, "tib": 1 << 40,
             "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
    num = s.rstrip("kmgtib")
    unit = s[len(num):]
    try:
        return int(float(num) * units[unit])
    except (KeyError, ValueError):
        raise ValueError("cannot read size %r (examples: 100MiB, 1GiB, 500MB)" % text) from None
