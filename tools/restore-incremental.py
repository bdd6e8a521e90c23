#!/usr/bin/env python3
"""Restore one version of a Lifeboat incremental store without Lifeboat.

  restore-incremental.py STORE VERSION OUT [--identity FILE]   restore VERSION into the new file OUT
  restore-incremental.py STORE --list                          list the versions

STORE is the store's folder (copy it from object storage or SFTP first). The format is described
in docs/FORMAT-incremental.md. Needs Python 3 with the `cryptography` package (encrypted stores
only), and either the `zstandard` package (Debian: python3-zstandard) or the `zstd` command; and
the `age` command for encrypted stores (it asks for a passphrase itself when the store was
encrypted to one). Every frame is authenticated and hashed; any mismatch stops the restore and
OUT is removed.
"""
import argparse
import atexit
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import tempfile

FORMAT_VERSION = 2  # 2 added zstd dictionaries (dicts/); 1 is read the same way
PACK_MAGIC = b"LBPACK\x00\x01"
INDEX_MAGIC = b"LBINDEX\x01"
NO_KEY = 0xFFFF

try:
    import zstandard

    _decompressors = {}

    def unzstd(data, dictionary=None):
        """dictionary: (id, plain bytes) of the zstd dictionary the frame names, or None."""
        key = dictionary[0] if dictionary else 0
        z = _decompressors.get(key)
        if z is None:  # one per dictionary: a dictionary is parsed once, not once per page
            d = zstandard.ZstdCompressionDict(dictionary[1]) if dictionary else None
            z = _decompressors[key] = zstandard.ZstdDecompressor(dict_data=d)
        return z.decompress(data, max_output_size=65536)
except ImportError:  # fall back to the command-line tool (slower: one process per page)
    _dict_files = {}

    def unzstd(data, dictionary=None):
        cmd = ["zstd", "-d", "-q", "-c"]
        if dictionary:
            path = _dict_files.get(dictionary[0])
            if path is None:
                # The tool reads a dictionary from a file: a private one next to the restored
                # database (plaintext goes there anyway), removed on exit.
                fd, path = tempfile.mkstemp(prefix=".lifeboat-dict-", dir=os.path.dirname(os.path.abspath(OUT[0])))
                with os.fdopen(fd, "wb") as f:
                    f.write(dictionary[1])
                atexit.register(os.unlink, path)
                _dict_files[dictionary[0]] = path
            cmd += ["-D", path]
        return subprocess.run(cmd, input=data, stdout=subprocess.PIPE, check=True).stdout

OUT = [None]  # the file being restored: the command-line fallback keeps its dictionary files beside it


def zstd_dict_id(frame):
    """The dictionary id in a zstd frame's header (RFC 8878, 3.1.1.1); 0 when it names none."""
    if len(frame) < 6 or frame[:4] != b"\x28\xb5\x2f\xfd":
        fail("a page frame is not a zstd frame")
    fhd = frame[4]
    size = (0, 1, 2, 4)[fhd & 3]
    pos = 5 if fhd & 0x20 else 6  # no window descriptor in a single-segment frame
    return int.from_bytes(frame[pos:pos + size], "little") if size else 0


def fail(msg):
    sys.exit("error: " + msg)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def age_decrypt(path, identity):
    cmd = ["age", "-d"] + (["-i", identity] if identity else []) + [path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE)
    if r.returncode != 0:
        fail("age could not decrypt " + path)
    return r.stdout


def load_index(store):
    """frame id (bytes) -> (pack name, kind, offset, length, key id or None); first listed copy in a present pack wins."""
    frames = {}
    folder = os.path.join(store, "index")
    present = set(os.listdir(os.path.join(store, "data"))) if os.path.isdir(os.path.join(store, "data")) else set()
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.startswith(".lifeboat-tmp-"):
            continue
        b = read(os.path.join(folder, name))
        if hashlib.sha256(b).hexdigest() != name:
            fail("index object %s fails its checksum" % name)
        if b[:8] != INDEX_MAGIC or hashlib.sha256(b[:-32]).digest() != b[-32:]:
            fail("index object %s is damaged or of a newer format" % name)
        pos = 8
        (packs,) = struct.unpack_from(">I", b, pos)
        pos += 4
        for _ in range(packs):
            pack = b[pos:pos + 16].hex()
            kind = b[pos + 16]
            pos += 16 + 1 + 8 + 32
            (nkeys,) = struct.unpack_from(">H", b, pos)
            pos += 2
            keys = [b[pos + 16 * i:pos + 16 * (i + 1)].hex() for i in range(nkeys)]
            pos += 16 * nkeys
            (n,) = struct.unpack_from(">I", b, pos)
            pos += 4
            for _ in range(n):
                fid = b[pos:pos + 32]
                off, length, key = struct.unpack_from(">IIH", b, pos + 32)
                pos += 42
                old = frames.get(fid)
                if old is None or (old[0] not in present and pack in present):
                    frames[fid] = (pack, kind, off, length, None if key == NO_KEY else keys[key])
    return frames


class Store:
    def __init__(self, path, identity):
        self.path, self.identity = path, identity
        cfg = json.loads(read(os.path.join(path, "config")))
        if cfg.get("format") != "lifeboat-incremental":
            fail("%s is not a Lifeboat incremental store" % path)
        if cfg.get("formatVersion", 0) > FORMAT_VERSION:
            fail("the store was written by a newer Lifeboat (format %s)" % cfg.get("formatVersion"))
        self.encrypted = cfg["encrypted"]
        self.frames = load_index(path)
        self.data_keys = {}
        self.dicts = {}
        self.hash_key = self._hash_key()

    def _dictionary(self, dict_id):
        """(dict_id, the dictionary in plain), kept in memory: the store's object, decrypted with age when encrypted."""
        if dict_id not in self.dicts:
            path = os.path.join(self.path, "dicts", "%08x" % dict_id)
            if not os.path.exists(path):
                fail("the zstd dictionary dicts/%08x is missing" % dict_id)
            self.dicts[dict_id] = (dict_id, age_decrypt(path, self.identity) if self.encrypted else read(path))
        return self.dicts[dict_id]

    def _hash_key(self):
        folder = os.path.join(self.path, "keys")
        names = [n for n in sorted(os.listdir(folder)) if n.startswith("hash-")]
        if not self.encrypted:
            return read(os.path.join(folder, "hash-plain"))
        for n in names:
            r = subprocess.run(["age", "-d"] + (["-i", self.identity] if self.identity else []) + [os.path.join(folder, n)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            if r.returncode == 0 and len(r.stdout) == 32:
                return r.stdout
        fail("the identity opens none of the store's hash key objects")

    def frame(self, fid, handles):
        loc = self.frames.get(fid)
        if loc is None:
            fail("frame %s is not in the store" % fid.hex()[:16])
        pack, kind, off, length, key = loc
        f = handles.get(pack)
        if f is None:
            for old in list(handles):
                handles.pop(old).close()
            f = handles[pack] = open(os.path.join(self.path, "data", pack), "rb")
        f.seek(off)
        raw = f.read(length)
        if len(raw) != length:
            fail("pack %s is shorter than its index says" % pack)
        plain = raw
        if kind == 0:
            if self.encrypted:
                from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
                if key not in self.data_keys:
                    self.data_keys[key] = age_decrypt(os.path.join(self.path, "keys", "data-" + key), self.identity)
                try:
                    raw = ChaCha20Poly1305(self.data_keys[key]).decrypt(raw[:12], raw[12:], fid)
                except Exception:
                    fail("frame %s in pack %s does not authenticate" % (fid.hex()[:16], pack))
            dict_id = zstd_dict_id(raw)
            plain = unzstd(raw, self._dictionary(dict_id) if dict_id else None)
        if not hmac.compare_digest(hmac.new(self.hash_key, plain, hashlib.sha256).digest(), fid):
            fail("frame %s in pack %s does not hash to its id" % (fid.hex()[:16], pack))
        return plain


def restore(store, version, out):
    v = json.loads(read(os.path.join(store.path, "versions", version)))
    if v.get("format", 0) > FORMAT_VERSION:
        fail("version %s was written by a newer Lifeboat" % version)
    page_size, size, pages = v["pageSize"], v["sizeBytes"], v["pageCount"]
    level_ids = [bytes.fromhex(v["root"])] if v["root"] else []
    counts, n = [], pages
    for level in range(v["levels"]):
        n = -(-n // (v["leafPages"] if level == 0 else v["fanout"]))
        counts.append(n)
    handles = {}
    for level in range(v["levels"] - 1, -1, -1):
        per = v["leafPages"] if level == 0 else v["fanout"]
        below = pages if level == 0 else counts[level - 1]
        nxt = []
        for j, node_id in enumerate(level_ids):
            node = store.frame(node_id, handles)
            children = min(per, below - j * per)
            if len(node) != 32 * children:
                fail("tree node %s has the wrong length" % node_id.hex()[:16])
            nxt.extend(node[32 * c:32 * (c + 1)] for c in range(children))
        level_ids = nxt
    # Read pages pack by pack, in offset order, as Lifeboat does.
    order = sorted(range(len(level_ids)), key=lambda i: store.frames.get(level_ids[i], ("", 0, 0))[:3:2] + (i,))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as o:
            for i in order:
                plain = store.frame(level_ids[i], handles)
                expected = min(page_size, size - i * page_size)
                if len(plain) != expected:
                    fail("page %d has %d bytes, expected %d" % (i + 1, len(plain), expected))
                o.seek(i * page_size)
                o.write(plain)
            o.truncate(size)
            o.flush()
            os.fsync(o.fileno())
    except BaseException:
        os.unlink(out)
        raise
    for f in handles.values():
        f.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store")
    ap.add_argument("version", nargs="?")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--identity", "-i", help="age identity file (encrypted stores)")
    ap.add_argument("--list", action="store_true", help="list the versions and exit")
    a = ap.parse_args()
    if a.list:
        folder = os.path.join(a.store, "versions")
        for n in sorted(os.listdir(folder)):
            if not n.startswith(".lifeboat-tmp-"):
                v = json.loads(read(os.path.join(folder, n)))
                print("%s  %s  %d bytes  %s" % (v["id"], v["created"], v["sizeBytes"], v.get("label") or ""))
        return
    if not a.version or not a.out:
        ap.error("give STORE VERSION OUT, or --list")
    if os.path.exists(a.out):
        fail("%s exists; give a new file name" % a.out)
    OUT[0] = a.out
    restore(Store(a.store, a.identity), a.version, a.out)
    print("restored %s to %s" % (a.version, a.out))


if __name__ == "__main__":
    main()
