package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fills one pack at a time in a staged object and commits it once it reaches the target size;
 * {@link #finish} commits the last one. Frames are appended as given (already compressed and
 * sealed), so repacking copies encrypted frames without any key.
 */
final class PackWriter implements AutoCloseable {
    private final Destination data;
    private final Format.Kind kind;
    private final List<Pack> written = new ArrayList<>();
    private Destination.StagedFile staged;
    private OutputStream out;
    private MessageDigest sha;
    private String name;
    private long size;
    /** The frames of every pack this writer made; a first version of 1 GiB adds about 260,000. */
    private final FrameColumns frames = new FrameColumns();
    private final FrameHash ids = new FrameHash();
    private int first;
    private List<String> keys;

    PackWriter(Destination data, Format.Kind kind) {
        this.data = data;
        this.kind = kind;
    }

    /** Appends one frame sealed under {@code keyId} (null: no key), starting a new pack when needed. */
    void add(FrameId id, byte[] frame, String keyId) throws IOException {
        if (staged == null) {
            start();
        }
        int ordinal = Format.NO_KEY;
        if (keyId != null) {
            ordinal = keys.indexOf(keyId);
            if (ordinal < 0) {
                keys.add(keyId);
                ordinal = keys.size() - 1;
            }
        }
        int f = frames.add(id, (int) size, frame.length, ordinal);
        ids.putIfAbsent(frames.words(), f); // words() after add: the array may have grown
        write(frame);
        if (size >= Format.PACK_TARGET_BYTES || keys.size() >= Format.NO_KEY - 1) {
            commit();
        }
    }

    private void start() throws IOException {
        byte[] rnd = new byte[16];
        StoreKeys.RANDOM.nextBytes(rnd);
        name = HexFormat.of().formatHex(rnd);
        staged = data.stage(name);
        out = new BufferedOutputStream(Files.newOutputStream(staged.path()), 1 << 16);
        sha = Sha256.newDigest();
        size = 0;
        first = frames.size();
        keys = new ArrayList<>();
        byte[] header = Format.PACK_MAGIC.clone();
        write(header);
        out.write(kind.code());
        sha.update((byte) kind.code());
        size++;
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        sha.update(b);
        size += b.length;
    }

    private void commit() throws IOException {
        write(trailer());
        out.close();
        staged.commit();
        staged.close();
        written.add(new Pack(name, kind, size, sha.digest(), List.copyOf(keys), frames.entries(first, frames.size())));
        staged = null;
        out = null;
    }

    /** The pack's own index, so a pack can be understood (and the index rebuilt) from the pack alone. */
    private byte[] trailer() {
        List<Pack.Entry> entries = frames.entries(first, frames.size());
        ByteBuffer b = ByteBuffer.allocate(IndexCodec.bodyBytes(keys, entries) + 8);
        IndexCodec.putPackBody(b, keys, entries);
        int bodyLength = b.position();
        b.putInt(bodyLength);
        b.put(Format.PACK_TRAILER_MAGIC);
        return b.array();
    }

    /** Whether this writer has taken a frame with id {@code id}. */
    boolean holds(FrameId id) {
        return ids.find(frames.words(), id) >= 0;
    }

    /** Commits the pack being filled, if any, and returns every pack this writer committed. */
    List<Pack> finish() throws IOException {
        if (staged != null) {
            commit();
        }
        return List.copyOf(written);
    }

    @Override
    public void close() throws IOException {
        if (staged != null) {
            try {
                out.close();
            } finally {
                staged.close();
                staged = null;
            }
        }
    }
}
