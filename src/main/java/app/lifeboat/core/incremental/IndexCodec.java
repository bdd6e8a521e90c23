package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Reads and writes index objects and pack trailers (big-endian, as docs/FORMAT-incremental.md shows). */
final class IndexCodec {
    static final int ENTRY_BYTES = FrameId.BYTES + 4 + 4 + 2;

    private IndexCodec() {}

    static int bodyBytes(List<String> keys, List<Pack.Entry> entries) {
        return 2 + keys.size() * Format.KEY_ID_BYTES + 4 + entries.size() * ENTRY_BYTES;
    }

    static void putPackBody(ByteBuffer b, List<String> keys, List<Pack.Entry> entries) {
        b.putShort((short) keys.size());
        for (String k : keys) {
            b.put(HexFormat.of().parseHex(k));
        }
        b.putInt(entries.size());
        if (entries instanceof FrameColumns.Range columns) {
            columns.putEntries(b); // straight from the index's columns: no entry object per frame
            return;
        }
        for (Pack.Entry e : entries) {
            e.id().writeTo(b);
            b.putInt(e.offset()).putInt(e.length()).putShort((short) e.keyOrdinal());
        }
    }

    /**
     * Reads a pack body, checking every count, offset and length against the pack's size; its
     * frames are appended to {@code into} and the pack's entries are a view of them.
     */
    static Pack readPackBody(ByteBuffer b, String name, Format.Kind kind, long size, byte[] sha, FrameColumns into) {
        int keyCount = Short.toUnsignedInt(b.getShort());
        Format.require(keyCount < Format.NO_KEY && keyCount * Format.KEY_ID_BYTES <= b.remaining(), "a pack lists too many keys");
        List<String> keys = new ArrayList<>(keyCount);
        byte[] k = new byte[Format.KEY_ID_BYTES];
        for (int i = 0; i < keyCount; i++) {
            b.get(k);
            keys.add(HexFormat.of().formatHex(k));
        }
        int count = b.getInt();
        Format.require(count >= 0 && (long) count * ENTRY_BYTES <= b.remaining(), "pack " + name + " lists more frames than fit");
        into.ensure(into.size() + count);
        int first = into.size();
        for (int i = 0; i < count; i++) {
            int at = b.position();
            b.position(at + FrameId.BYTES);
            int offset = b.getInt();
            int length = b.getInt();
            int key = Short.toUnsignedInt(b.getShort());
            // Checked before the message is made: this runs once per frame, 400,000 times for a store of 1 GiB.
            if (offset < Format.PACK_MAGIC.length + 1 || length <= 0 || length > Format.MAX_FRAME_BYTES
                    || (long) offset + length > size) {
                throw Format.damaged("pack " + name + " lists a frame outside the pack");
            }
            if (key != Format.NO_KEY && key >= keyCount) {
                throw Format.damaged("pack " + name + " lists a frame with an unknown key");
            }
            into.add(b.position(at), offset, length, key);
            b.position(at + ENTRY_BYTES);
        }
        return new Pack(name, kind, size, sha, List.copyOf(keys), into.entries(first, into.size()));
    }

    /** An encoded index object and its name (the SHA-256 of all its bytes). */
    record Named(byte[] bytes, String name) {}

    static byte[] encode(List<Pack> packs) {
        return encodeNamed(packs).bytes();
    }

    /** Encodes {@code packs}, hashing the bytes once for both the trailing checksum and the name. */
    static Named encodeNamed(List<Pack> packs) {
        int n = Format.INDEX_MAGIC.length + 4;
        for (Pack p : packs) {
            n += 16 + 1 + 8 + 32 + bodyBytes(p.keyIds(), p.entries());
        }
        ByteBuffer b = ByteBuffer.allocate(n + 32);
        b.put(Format.INDEX_MAGIC).putInt(packs.size());
        for (Pack p : packs) {
            b.put(HexFormat.of().parseHex(p.name())).put((byte) p.kind().code()).putLong(p.sizeBytes()).put(p.sha256());
            putPackBody(b, p.keyIds(), p.entries());
        }
        MessageDigest d = Sha256.newDigest();
        d.update(b.array(), 0, n);
        MessageDigest whole = copy(d);
        byte[] sum = d.digest();
        b.put(sum);
        byte[] name;
        if (whole == null) {
            name = Sha256.newDigest().digest(b.array());
        } else {
            whole.update(sum);
            name = whole.digest();
        }
        return new Named(b.array(), HexFormat.of().formatHex(name));
    }

    /** A copy of the digest's state, or null when the provider cannot copy one (then callers hash again). */
    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    /**
     * Whether {@code bytes} end in the checksum of what comes before and hash as a whole to {@code
     * sha256}, an index object's name: both from one pass over the bytes. Such bytes are read with
     * {@link #decodeChecked}.
     */
    static boolean isObjectNamed(byte[] bytes, byte[] sha256) {
        if (bytes.length < 32) {
            return false;
        }
        MessageDigest d = Sha256.newDigest();
        d.update(bytes, 0, bytes.length - 32);
        MessageDigest whole = copy(d);
        if (!Arrays.equals(d.digest(), 0, 32, bytes, bytes.length - 32, bytes.length)) {
            return false;
        }
        if (whole == null) {
            return Arrays.equals(Sha256.newDigest().digest(bytes), sha256);
        }
        whole.update(bytes, bytes.length - 32, 32);
        return Arrays.equals(whole.digest(), sha256);
    }

    /** Reads an index object; the frames of its packs are appended to {@code into}. */
    static List<Pack> decode(byte[] bytes, String what, FrameColumns into) {
        return decode(bytes, what, into, false);
    }

    /** As {@link #decode(byte[], String, FrameColumns)} for bytes {@link #isObjectNamed} accepted: the checksum is not computed again. */
    static List<Pack> decodeChecked(byte[] bytes, String what, FrameColumns into) {
        return decode(bytes, what, into, true);
    }

    private static List<Pack> decode(byte[] bytes, String what, FrameColumns into, boolean checked) {
        try {
            Format.require(bytes.length >= Format.INDEX_MAGIC.length + 4 + 32, what + " is truncated");
            byte[] magic = Arrays.copyOf(bytes, Format.INDEX_MAGIC.length);
            if (!Arrays.equals(magic, Format.INDEX_MAGIC)) {
                if (magic[magic.length - 1] > Format.INDEX_MAGIC[magic.length - 1]
                        && Arrays.equals(magic, 0, magic.length - 1, Format.INDEX_MAGIC, 0, magic.length - 1)) {
                    throw StoreConfig.newerFormat(what);
                }
                throw Format.damaged(what + " is not an index object");
            }
            if (!checked) {
                MessageDigest d = Sha256.newDigest();
                d.update(bytes, 0, bytes.length - 32);
                Format.require(Arrays.equals(d.digest(), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length)),
                        what + " fails its checksum");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 32);
            b.position(Format.INDEX_MAGIC.length);
            int count = b.getInt();
            Format.require(count >= 0 && count <= b.remaining(), what + " lists too many packs");
            List<Pack> packs = new ArrayList<>(count);
            byte[] nameBytes = new byte[16];
            for (int i = 0; i < count; i++) {
                b.get(nameBytes);
                Format.Kind kind = Format.Kind.of(b.get());
                long size = b.getLong();
                Format.require(size > 0 && size <= Format.MAX_PACK_BYTES, what + " lists a pack of impossible size");
                byte[] sha = new byte[32];
                b.get(sha);
                packs.add(readPackBody(b, HexFormat.of().formatHex(nameBytes), kind, size, sha, into));
            }
            Format.require(!b.hasRemaining(), what + " has bytes after its last pack");
            return packs;
        } catch (BufferUnderflowException e) {
            throw Format.damaged(what + " is truncated");
        }
    }

    /** The pack's own list of frames, read from its trailer, for the store check. */
    static Pack readTrailer(byte[] pack, String name) {
        try {
            Format.require(pack.length >= Format.PACK_MAGIC.length + 1 + 8
                    && Arrays.equals(pack, 0, Format.PACK_MAGIC.length, Format.PACK_MAGIC, 0, Format.PACK_MAGIC.length),
                    "pack " + name + " does not start like a pack");
            int end = pack.length;
            Format.require(Arrays.equals(pack, end - 4, end, Format.PACK_TRAILER_MAGIC, 0, 4), "pack " + name + " has no trailer");
            int bodyLength = ByteBuffer.wrap(pack, end - 8, 4).getInt();
            Format.require(bodyLength > 0 && bodyLength <= end - 8 - Format.PACK_MAGIC.length - 1, "pack " + name + " has a bad trailer");
            ByteBuffer b = ByteBuffer.wrap(pack, end - 8 - bodyLength, bodyLength);
            Format.Kind kind = Format.Kind.of(pack[Format.PACK_MAGIC.length]);
            return readPackBody(b, name, kind, pack.length, null, new FrameColumns());
        } catch (BufferUnderflowException e) {
            throw Format.damaged("pack " + name + " has a truncated trailer");
        }
    }
}
