package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.io.Destination;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads frames pack by pack: the wanted frames are grouped by pack and read in offset order in one
 * pass over each pack, so memory holds one frame at a time and each pack is opened once.
 */
final class FrameReader {
    /** Receives each frame's checked plaintext. */
    interface Sink {
        void frame(Request request, byte[] plain) throws IOException;
    }

    /** One wanted frame and the caller's tag for it (a page number, a position in a level). */
    record Request(Pack.Location where, int tag) {}

    /** Hears of a pack that could not be read, or a frame in it that failed its checks. */
    interface Failure {
        void failed(Pack pack, String problem);
    }

    private final Destination data;
    private final StoreKeys keys;
    private final Dictionaries dictionaries;
    /** One context for every frame: making one per frame cost about 0.2 ms each, most of a restore's time. */
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    /**
     * Frames made with a dictionary, kept apart: a dictionary also sets the starting state (repeat
     * offsets), so a frame made without one must never be decoded with one loaded.
     */
    private final ZstdDecompressCtx withDictionary = new ZstdDecompressCtx();
    private long loadedDictionary;

    FrameReader(Destination store, StoreKeys keys, Dictionaries dictionaries) {
        this.data = store.within(Format.DATA);
        this.keys = keys;
        this.dictionaries = dictionaries;
    }

    /**
     * Reads {@code wanted}; a frame that fails is reported through {@code failure} with its pack and
     * the rest of that pack is skipped. The sink sees each request in pack and offset order.
     */
    void read(Collection<Request> wanted, Sink sink, Failure failure, Cancellation cancel) throws IOException {
        Map<String, List<Request>> byPack = new LinkedHashMap<>();
        for (Request r : wanted) {
            byPack.computeIfAbsent(r.where().pack().name(), k -> new ArrayList<>()).add(r);
        }
        for (List<Request> reqs : byPack.values()) {
            cancel.check();
            reqs.sort(Comparator.comparingInt(r -> r.where().entry().offset()));
            readPack(reqs, sink, failure);
        }
    }

    private void readPack(List<Request> reqs, Sink sink, Failure failure) throws IOException {
        Pack pack = reqs.get(0).where().pack();
        if (!data.exists(pack.name())) {
            failure.failed(pack, "pack " + pack.name() + " is missing");
            return;
        }
        // Buffered: frames are about 1-4 KiB, and one read call each cost a system call each.
        try (InputStream in = new BufferedInputStream(data.open(pack.name()), 1 << 17)) {
            long pos = 0;
            int lastOffset = -1;
            byte[] plain = null;
            for (Request r : reqs) {
                Pack.Location l = r.where();
                Pack.Entry e = l.entry();
                if (e.offset() != lastOffset) {
                    in.skipNBytes(e.offset() - pos);
                    // Sized once: readNBytes(int) fills 16 KiB chunks and copies, 4 GB of garbage per 1 GiB restored.
                    byte[] raw = new byte[e.length()];
                    int got = in.readNBytes(raw, 0, raw.length);
                    pos = (long) e.offset() + got;
                    lastOffset = e.offset();
                    if (got != e.length()) {
                        failure.failed(pack, "pack " + pack.name() + " is shorter than its index says");
                        return;
                    }
                    plain = decode(l, raw);
                    if (plain == null) {
                        failure.failed(pack, "frame " + e.id() + " in pack " + pack.name() + " fails its authentication or hash");
                        return;
                    }
                }
                sink.frame(r, plain);
            }
        } catch (EOFException e) {
            failure.failed(pack, "pack " + pack.name() + " is shorter than its index says");
        }
    }

    /** The frame's plaintext once it authenticates and hashes to its id; null otherwise. */
    byte[] decode(Pack.Location l, byte[] raw) throws IOException {
        byte[] plain = raw;
        if (l.pack().kind() == Format.Kind.DATA) {
            byte[] compressed = raw;
            if (keys.encrypted()) {
                String keyId = l.keyId();
                if (keyId == null) {
                    return null;
                }
                compressed = keys.open(keyId, l.entry().id(), raw);
                if (compressed == null) {
                    return null;
                }
            }
            plain = decompress(compressed);
            if (plain == null) {
                return null;
            }
        }
        return keys.id(plain, 0, plain.length).equals(l.entry().id()) ? plain : null;
    }

    private byte[] decompress(byte[] compressed) throws IOException {
        long size;
        long dictId;
        try {
            size = Zstd.getFrameContentSize(compressed);
            dictId = Zstd.getDictIdFromFrame(compressed);
        } catch (RuntimeException e) {
            return null;
        }
        if (size <= 0 || size > Format.MAX_PAGE_SIZE || dictId < 0 || dictId > 0xFFFFFFFFL) {
            return null;
        }
        ZstdDecompressCtx ctx = zstd;
        if (dictId != 0) {
            if (dictId != loadedDictionary) {
                withDictionary.loadDict(dictionaries.forReading(dictId));
                loadedDictionary = dictId;
            }
            ctx = withDictionary;
        }
        try {
            byte[] out = new byte[(int) size];
            int n = ctx.decompressByteArray(out, 0, out.length, compressed, 0, compressed.length);
            return n != size ? null : out;
        } catch (RuntimeException e) { // zstd-jni reports corrupt input as ZstdException
            return null;
        }
    }
}
