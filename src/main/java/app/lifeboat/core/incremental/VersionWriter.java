package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileReads;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one version: hashes every page of the snapshot, stores the pages the store lacks, builds
 * the tree, and publishes in the order that keeps a killed run harmless: packs, then their index,
 * then the version object. Until the version object exists nothing is listed; what a killed run
 * left is garbage that the next prune removes.
 */
final class VersionWriter {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(VersionWriter.class);
    }
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final IncrementalStore owner;
    private final StoreLock lock;
    /** The packs being written: what they hold is also known, so a page repeated in this version is stored once. */
    private PackWriter pageOut;
    private PackWriter treeOut;
    private StoreIndex index;
    private StoreKeys keys;
    private String dataKey;
    private long newFrames;
    private ZstdCompressCtx zstd;
    private ZstdCompressCtx bulk;
    private byte[] dictionary;

    VersionWriter(IncrementalStore owner, StoreLock lock) {
        this.owner = owner;
        this.lock = lock;
    }

    WriteResult write(Path snapshot, int requestedPageSize, String label, ProgressListener progress, Cancellation cancel)
            throws IOException {
        int pageSize = requestedPageSize;
        if (pageSize <= 0) {
            try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.READ)) {
                pageSize = pageSizeFromHeader(ch, snapshot);
            }
        }
        return write(() -> FileReads.open(snapshot), Files.size(snapshot), pageSize, null, label, progress, cancel);
    }

    /**
     * Stores {@code size} bytes of {@code source} as a new version named {@code id} (null: a new
     * id); its pages are read once, front to back, after a sample when a dictionary is trained.
     */
    WriteResult write(IncrementalStore.PageSource source, long size, int pageSize, String id, String label, ProgressListener progress,
            Cancellation cancel) throws IOException {
        if (owner.encrypted() && !owner.access().encrypted()) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "the incremental store at " + owner.describe()
                    + " is encrypted and no recipients were given for this backup", Remedy.SET_KEY_SOURCE, label);
        }
        if (!owner.encrypted() && owner.access().encrypted()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "the incremental store at " + owner.describe()
                    + " is not encrypted, so it cannot take encrypted backups", Remedy.CHOOSE_DESTINATION, label);
        }
        long t0 = System.nanoTime();
        Destination store = owner.destination();
        owner.upgradeForWriting();
        keys = owner.keys(true);
        keys.publishHashKey(owner.access());
        index = owner.index();
        long tIndex = System.nanoTime();
        Destination data = store.within(Format.DATA);
        if (id != null && !validId(id)) {
            throw new IllegalArgumentException("not a version id: " + id);
        }
        try (ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(Format.ZSTD_LEVEL_FINE).setContentSize(true);
                PackWriter pages = new PackWriter(data, Format.Kind.DATA);
                PackWriter trees = new PackWriter(data, Format.Kind.TREE)) {
            pageOut = pages;
            treeOut = trees;
            zstd = ctx;
            if (pageSize < 512 || pageSize > Format.MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "page size " + pageSize + " is not a SQLite page size");
            }
            long pageCount = (size + pageSize - 1) / pageSize;
            CRC32C crc = new CRC32C();
            dictionary = dictionary(source, pageCount, pageSize, label);
            if (dictionary != null) {
                ctx.loadDict(dictionary); // kept by the context for every frame of this write
            }
            long tDict = System.nanoTime();
            List<FrameId> leaves;
            try (InputStream in = source.open()) {
                leaves = storePages(in, size, pageSize, crc, pages, trees, progress, cancel);
            }
            String root = leaves.isEmpty() ? null : buildTree(leaves, trees).hex();
            long tPages = System.nanoTime();
            List<Pack> packs = new ArrayList<>(pages.finish());
            packs.addAll(trees.finish());
            long newBytes = 0;
            for (Pack p : packs) {
                newBytes += p.sizeBytes();
            }
            cancel.check();
            if (!packs.isEmpty()) {
                byte[] indexBytes = IndexCodec.encode(packs);
                newBytes += indexBytes.length;
                StoreIndex.publish(store, owner.cacheIndex(), packs);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (id == null) {
                byte[] rnd = new byte[4];
                StoreKeys.RANDOM.nextBytes(rnd);
                id = ID_TIME.format(now) + "-" + HexFormat.of().formatHex(rnd);
            }
            if (store.within(Format.VERSIONS).exists(id)) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "version " + id + " already exists in "
                        + owner.describe());
            }
            StoreVersion v = new StoreVersion(Format.VERSION, id, now, label, pageSize, size, pageCount, Format.LEAF_PAGES,
                    Format.FANOUT, StoreVersion.levelsFor(pageCount, Format.LEAF_PAGES, Format.FANOUT), root);
            byte[] json = Json.mapper().writeValueAsBytes(v);
            newBytes += json.length;
            store.within(Format.VERSIONS).writeAtomically(id, json);
            // One line per version: where its time went, for the benchmark and for users' reports.
            log().info("version {} of {}: {} pages, {} new frames in {} packs; keys and index {} ms ({} frames), dictionary {} ms, "
                    + "pages {} ms, publish {} ms", id, owner.describe(), pageCount, newFrames, packs.size(), ms(tIndex - t0),
                    index.frameCount(), ms(tDict - tIndex), ms(tPages - tDict), ms(System.nanoTime() - tPages));
            progress.progress(ProgressListener.Phase.DONE, size, size);
            return new WriteResult(v, newBytes, newFrames, size, StreamCodec.crcHex(crc));
        } finally {
            if (bulk != null) {
                bulk.close();
            }
        }
    }

    /**
     * The label's cached dictionary, else one trained on pages spread over this snapshot (and
     * published before any frame uses it); null for a small database or one whose pages are
     * ciphertext (an encrypted source: nothing to learn).
     */
    private byte[] dictionary(IncrementalStore.PageSource source, long pageCount, int pageSize, String label) throws IOException {
        Dictionaries dicts = owner.dictionaries();
        byte[] cached = dicts.forWriting(label, owner.access());
        if (cached != null || pageCount < Dictionaries.MIN_PAGES) {
            return cached;
        }
        List<byte[]> samples = new ArrayList<>();
        long step = Math.max(1, (pageCount - 1) / Dictionaries.MAX_SAMPLES);
        try (InputStream in = source.open()) {
            byte[] first = in.readNBytes(pageSize);
            if (first.length < SQLITE_MAGIC.length || !Arrays.equals(first, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
                return null;
            }
            long at = 1; // page 1 (the header) is one of a kind: not a sample
            while (at + step < pageCount && samples.size() < Dictionaries.MAX_SAMPLES) {
                in.skipNBytes((step - 1) * pageSize);
                at += step;
                byte[] page = in.readNBytes(pageSize);
                if (page.length < pageSize) {
                    break;
                }
                samples.add(page);
            }
        }
        byte[] dict = Dictionaries.train(samples);
        return dict != null && dicts.publish(dict, label, owner.access()) ? dict : null;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static int pageSizeFromHeader(FileChannel ch, Path snapshot) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(100);
        ch.read(head, 0);
        byte[] h = head.array();
        for (int i = 0; i < SQLITE_MAGIC.length; i++) {
            if (h[i] != SQLITE_MAGIC[i]) {
                throw new LifeboatException(ErrorCode.NOT_A_DATABASE, snapshot.getFileName()
                        + " has no plain SQLite header, so its page size must be given (encrypted databases)");
            }
        }
        int ps = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
        return ps == 1 ? 65536 : ps;
    }

    /** Streams the snapshot page by page; returns the leaf ids in order. */
    /** Version ids are plain names: the app's backup ids, or this writer's own. */
    static boolean validId(String id) {
        return id.matches("\\d{8}T\\d{6}Z-[0-9a-z]{1,16}");
    }

    private List<FrameId> storePages(InputStream in, long size, int pageSize, CRC32C crc, PackWriter pages, PackWriter trees,
            ProgressListener progress, Cancellation cancel) throws IOException {
        int pagesPerChunk = Math.max(1, (1 << 20) / pageSize);
        ByteBuffer chunk = ByteBuffer.allocate(pagesPerChunk * pageSize);
        byte[] leaf = new byte[Format.LEAF_PAGES * FrameId.BYTES];
        int inLeaf = 0;
        List<FrameId> leaves = new ArrayList<>();
        long pos = 0;
        while (pos < size) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), size - pos));
            byte[] buf = chunk.array();
            if (in.readNBytes(buf, 0, chunk.limit()) < chunk.limit()) {
                throw new IOException("the snapshot became shorter while it was read");
            }
            crc.update(buf, 0, chunk.limit());
            for (int off = 0; off < chunk.limit(); off += pageSize) {
                int len = Math.min(pageSize, chunk.limit() - off);
                FrameId id = keys.id(buf, off, len);
                if (!known(id)) {
                    byte[] page = new byte[len];
                    System.arraycopy(buf, off, page, 0, len);
                    storePage(id, page, pages);
                }
                id.writeTo(ByteBuffer.wrap(leaf, inLeaf * FrameId.BYTES, FrameId.BYTES));
                if (++inLeaf == Format.LEAF_PAGES) {
                    leaves.add(storeNode(leaf, inLeaf, trees));
                    inLeaf = 0;
                }
            }
            pos += chunk.limit();
            progress.progress(ProgressListener.Phase.WRITE, pos, size);
            cancel.check();
            lock.keepAlive();
        }
        if (inLeaf > 0) {
            leaves.add(storeNode(leaf, inLeaf, trees));
        }
        return leaves;
    }

    private boolean known(FrameId id) {
        // A pack the index lists but the store lost is not trusted for dedup: its pages are stored again.
        return pageOut.holds(id) || treeOut.holds(id) || index.isStored(id);
    }

    private void storePage(FrameId id, byte[] page, PackWriter pages) throws IOException {
        if (newFrames == Format.FINE_FRAMES && bulk == null) {
            // A new context rather than a new level: one set after a dictionary is loaded keeps the dictionary's level.
            bulk = new ZstdCompressCtx().setLevel(Format.ZSTD_LEVEL).setContentSize(true);
            if (dictionary != null) {
                bulk.loadDict(dictionary);
            }
            zstd = bulk;
        }
        byte[] frame = zstd.compress(page);
        if (keys.encrypted()) {
            if (dataKey == null) {
                dataKey = keys.newDataKey(owner.access()); // durable before any frame it seals
            }
            frame = keys.seal(dataKey, id, frame);
        }
        pages.add(id, frame, dataKey);
        newFrames++;
    }

    private FrameId storeNode(byte[] ids, int count, PackWriter trees) throws IOException {
        int len = count * FrameId.BYTES;
        FrameId id = keys.id(ids, 0, len);
        if (!known(id)) {
            byte[] node = new byte[len];
            System.arraycopy(ids, 0, node, 0, len);
            trees.add(id, node, null);
                newFrames++;
        }
        return id;
    }

    private FrameId buildTree(List<FrameId> level, PackWriter trees) throws IOException {
        byte[] node = new byte[Format.FANOUT * FrameId.BYTES];
        while (level.size() > 1) {
            List<FrameId> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += Format.FANOUT) {
                int n = Math.min(Format.FANOUT, level.size() - i);
                ByteBuffer b = ByteBuffer.wrap(node);
                for (int c = 0; c < n; c++) {
                    level.get(i + c).writeTo(b);
                }
                up.add(storeNode(node, n, trees));
            }
            level = up;
        }
        return level.get(0);
    }
}
