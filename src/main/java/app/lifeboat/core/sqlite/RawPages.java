package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.Cancellation;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A plain SQLite file read page by page, below SQLite: the pages two copies of a database differ
 * in, and the leaves of a table's b-tree with the rowids they hold. Nothing in the file is trusted:
 * every page number, offset and count is checked, and anything out of place throws
 * {@link Malformed}, after which the caller compares with SQL instead. Files are read with
 * positional reads, not mapped, so a decoded copy can be deleted on Windows as soon as it closes.
 */
public final class RawPages implements AutoCloseable {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int TABLE_INTERIOR = 0x05;
    private static final int TABLE_LEAF = 0x0d;
    /** SQLite's own cursors stop at 20 levels; a deeper tree is damage, or a cycle. */
    private static final int MAX_DEPTH = 40;
    private static final int CHUNK_BYTES = 1 << 20;
    /** Beyond this many pages (32 GiB of 4 KiB pages) the pass keeps no per-page table: 32 MB of it at most. */
    private static final long MAX_TRACKED_PAGES = 8L << 20;

    private final FileChannel channel;
    private final int pageSize;
    private final int usableSize;
    private final int encoding;
    private final long pageCount;
    private final ByteBuffer page;
    private final ByteBuffer word = ByteBuffer.allocate(4);
    private final CellFormat format;

    /** The file's structure cannot be followed (damaged, or not what its header says). */
    public static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** One leaf of a table b-tree: its page, and the smallest and largest rowid on it (a leaf without cells has none). */
    public record Leaf(int page, int cells, long minRowid, long maxRowid) {}

    private RawPages(FileChannel channel, int pageSize, int usableSize, int encoding, long pageCount) {
        this.channel = channel;
        this.pageSize = pageSize;
        this.usableSize = usableSize;
        this.encoding = encoding;
        this.pageCount = pageCount;
        this.page = ByteBuffer.allocateDirect(pageSize);
        this.format = new CellFormat(pageSize, usableSize, pageCount);
    }

    /** Opens a plain (unencrypted) SQLite file; throws {@link Malformed} for anything else. */
    public static RawPages open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer h = ByteBuffer.allocate(100);
            readFully(ch, h, 0);
            byte[] head = h.array();
            if (!Arrays.equals(Arrays.copyOf(head, 16), MAGIC)) {
                throw new Malformed("not a plain SQLite file");
            }
            int pageSize = SqliteFile.pageSizeFromHeader(head);
            if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
                throw new Malformed("page size " + pageSize);
            }
            int usable = pageSize - (head[20] & 0xff);
            if (usable < 480) {
                throw new Malformed("usable page size " + usable);
            }
            long inFile = ch.size() / pageSize;
            long inHeader = h.getInt(28) & 0xffffffffL;
            // SQLite trusts the header's page count only when it was written by the same change as
            // the counter beside it; otherwise the file's length decides, as here.
            boolean headerValid = inHeader > 0 && h.getInt(24) == h.getInt(92);
            if (headerValid && inHeader > inFile) {
                throw new Malformed("header says " + inHeader + " pages, the file holds " + inFile);
            }
            long pages = headerValid ? inHeader : inFile;
            if (pages > Integer.MAX_VALUE) {
                throw new Malformed("too many pages");
            }
            RawPages raw = new RawPages(ch, pageSize, usable, h.getInt(56), pages);
            ch = null;
            return raw;
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** Whether rows stored as the same bytes mean the same values in both files. */
    public boolean sameLayout(RawPages other) {
        return pageSize == other.pageSize && usableSize == other.usableSize && encoding == other.encoding;
    }

    public long pageCount() {
        return pageCount;
    }

    /**
     * What one sequential pass over this file and {@code other} found: the pages (numbered from 1)
     * whose bytes differ (a page only one of them has counts as different), and for each page of
     * this file that reads as a table leaf, whether its overflow chains reach a page that differs.
     */
    public Delta compare(RawPages other, Cancellation cancel) throws IOException {
        if (pageSize != other.pageSize) {
            throw new Malformed("page sizes differ");
        }
        long common = Math.min(pageCount, other.pageCount);
        long all = Math.max(pageCount, other.pageCount);
        Delta d = new Delta((int) all, pageCount <= MAX_TRACKED_PAGES ? new int[(int) pageCount + 1] : null);
        d.differs.set((int) common + 1, (int) all + 1);
        int pagesPerChunk = Math.max(1, CHUNK_BYTES / pageSize);
        ByteBuffer a = ByteBuffer.allocateDirect(pagesPerChunk * pageSize);
        ByteBuffer b = ByteBuffer.allocateDirect(pagesPerChunk * pageSize);
        for (long first = 0; first < pageCount; first += pagesPerChunk) {
            cancel.check();
            int n = (int) Math.min(pagesPerChunk, pageCount - first);
            int end = n * pageSize;
            a.clear().limit(end);
            readFully(channel, a, first * pageSize);
            int inBoth = (int) Math.max(0, Math.min(n, common - first)) * pageSize;
            if (inBoth > 0) {
                b.clear().limit(inBoth);
                readFully(other.channel, b, first * pageSize);
            }
            int at = 0;
            while (at < inBoth) {
                int m = a.slice(at, inBoth - at).mismatch(b.slice(at, inBoth - at));
                if (m < 0) {
                    break;
                }
                int index = (at + m) / pageSize;
                d.differs.set((int) (first + index + 1));
                at = (index + 1) * pageSize;
            }
            if (d.next != null) {
                for (int i = 0; i < n; i++) {
                    d.record((int) (first + i + 1), a, i * pageSize);
                }
            }
        }
        d.resolveChains();
        return d;
    }

    /**
     * The pages two files differ in, and which table leaves of the first keep all their overflow
     * pages; the overflow chains are followed in memory (the first four bytes of every page are
     * kept), so no page is read twice.
     */
    public final class Delta {
        private final BitSet differs;
        private final int[] next;
        private final BitSet parsed = new BitSet();
        private final BitSet overflowChanged = new BitSet();
        private int[] chains = new int[3 * 1024];
        private int chainCount;

        private Delta(int pages, int[] next) {
            this.differs = new BitSet(pages + 1);
            this.next = next;
        }

        public boolean differs(int p) {
            return differs.get(p);
        }

        /** Whether page {@code p} of {@code file} (either file compared) is a table leaf, told without reading it. */
        private boolean knownLeaf(RawPages file, int p) {
            boolean same = file == RawPages.this || !differs.get(p);
            return next != null && same && p > 1 && p < next.length && next[p] >>> 24 == TABLE_LEAF;
        }

        /**
         * For a page of the first file that is a table leaf: whether every overflow page its
         * cells lead to is unchanged; null when the pass could not tell (read it with {@link #leaf}).
         */
        public Boolean overflowUnchanged(int p) {
            return parsed.get(p) ? !overflowChanged.get(p) : null;
        }

        private void record(int p, ByteBuffer chunk, int base) {
            next[p] = chunk.getInt(base);
            int h = p == 1 ? 100 : 0;
            if ((chunk.get(base + h) & 0xff) != TABLE_LEAF) {
                return;
            }
            // Free pages keep what they held, so a page that only looks like a leaf may not parse;
            // it is read again, strictly, if a tree walk reaches it.
            int mark = chainCount;
            try {
                parseLeaf(chunk, base, p, new long[2], (head, pages) -> addChain(p, head, pages));
                parsed.set(p);
            } catch (Malformed e) {
                chainCount = mark;
            }
        }

        private void addChain(int leaf, int head, long pages) {
            if (pages > pageCount) {
                overflowChanged.set(leaf);
                return;
            }
            if (chainCount + 3 > chains.length) {
                chains = Arrays.copyOf(chains, chains.length * 2);
            }
            chains[chainCount++] = leaf;
            chains[chainCount++] = head;
            chains[chainCount++] = (int) pages;
        }

        private void resolveChains() {
            for (int i = 0; i < chainCount; i += 3) {
                int q = chains[i + 1];
                for (int k = 0; k < chains[i + 2]; k++) {
                    if (q < 1 || q > pageCount || differs.get(q)) {
                        overflowChanged.set(chains[i]);
                        break;
                    }
                    q = next[q];
                }
            }
            chains = null;
        }
    }

    /**
     * The leaves of the table b-tree rooted at {@code root}, left to right. Only interior pages are
     * read: a page {@code known} holds the same bytes for (the first four bytes of every page of
     * its first file, the type of a b-tree page) is known to be a leaf without reading it.
     */
    public List<Integer> tableLeaves(int root, Delta known, Cancellation cancel) throws IOException {
        List<Integer> leaves = new ArrayList<>();
        BitSet visited = new BitSet();
        walk(root, 0, visited, leaves, known, cancel);
        return leaves;
    }

    private void walk(int p, int depth, BitSet visited, List<Integer> leaves, Delta known, Cancellation cancel)
            throws IOException {
        if (depth > MAX_DEPTH || visited.get(p)) {
            throw new Malformed("page " + p + " is reached twice or too deep");
        }
        if (known != null && known.knownLeaf(this, p)) {
            visited.set(p);
            leaves.add(p);
            return;
        }
        visited.set(p);
        ByteBuffer b = read(p);
        int h = p == 1 ? 100 : 0;
        int type = b.get(h) & 0xff;
        if (type == TABLE_LEAF) {
            leaves.add(p);
            return;
        }
        if (type != TABLE_INTERIOR) {
            throw new Malformed("page " + p + " is not part of a table b-tree (type " + type + ")");
        }
        cancel.check(); // interior pages are a few hundredths of a tree
        int cells = format.cellCount(b, 0, h, 12);
        int[] children = new int[cells + 1];
        for (int i = 0; i < cells; i++) {
            children[i] = format.childPage(b.getInt(format.cellOffset(b, 0, h, 12, i)));
        }
        children[cells] = format.childPage(b.getInt(h + 8));
        for (int child : children) {
            walk(child, depth + 1, visited, leaves, known, cancel);
        }
    }

    /**
     * A leaf's smallest and largest rowid (every cell is read: a damaged leaf may be out of order).
     * With {@code delta} given, also whether any page of the leaf's overflow chains differs: a leaf
     * whose own page and every overflow page are unchanged holds the same rows in both files.
     *
     * @return the leaf, or null when {@code delta} is given and an overflow page differs
     */
    public Leaf leaf(int p, Delta delta) throws IOException {
        ByteBuffer b = read(p);
        List<long[]> chains = new ArrayList<>();
        long[] minMax = new long[2];
        int cells = parseLeaf(b, 0, p, minMax, (head, pages) -> chains.add(new long[] {head, pages}));
        if (delta != null) {
            for (long[] chain : chains) {
                if (!overflowUnchanged((int) chain[0], chain[1], delta.differs)) {
                    return null;
                }
            }
        }
        return new Leaf(p, cells, minMax[0], minMax[1]);
    }

    /** Receives one overflow chain of a cell: its first page and how many pages it has. */
    private interface ChainSink {
        void chain(int head, long pages) throws Malformed;
    }

    /** Parses the table leaf at {@code base} in {@code b}: its cell count, rowid range and overflow chains. */
    private int parseLeaf(ByteBuffer b, int base, int p, long[] minMax, ChainSink chains) throws Malformed {
        int h = p == 1 ? 100 : 0;
        if ((b.get(base + h) & 0xff) != TABLE_LEAF) {
            throw new Malformed("page " + p + " is not a table leaf");
        }
        int cells = format.cellCount(b, base, h, 8);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long[] v = new long[1];
        for (int i = 0; i < cells; i++) {
            int at = format.varint(b, base, format.cellOffset(b, base, h, 8, i), v);
            long payload = v[0];
            at = format.varint(b, base, at, v);
            min = Math.min(min, v[0]);
            max = Math.max(max, v[0]);
            if (payload < 0) {
                throw new Malformed("a negative payload size");
            }
            if (payload > usableSize - 35) {
                int local = format.localPayload(payload);
                if (at + local + 4 > usableSize) {
                    throw new Malformed("cell " + i + " of page " + p + " runs past the page");
                }
                chains.chain(format.childPage(b.getInt(base + at + local)), (payload - local + usableSize - 5) / (usableSize - 4));
            }
        }
        minMax[0] = cells == 0 ? 0 : min;
        minMax[1] = cells == 0 ? 0 : max;
        return cells;
    }

    private boolean overflowUnchanged(int head, long pages, BitSet differs) throws IOException {
        if (pages > pageCount) {
            throw new Malformed("an overflow chain longer than the file");
        }
        int q = head;
        for (long i = 0; i < pages; i++) {
            if (differs.get(q)) {
                return false;
            }
            if (i + 1 < pages) {
                word.clear();
                readFully(channel, word, (long) (q - 1) * pageSize);
                q = format.childPage(word.getInt(0));
            }
        }
        return true;
    }

    private ByteBuffer read(int p) throws IOException {
        if (p < 1 || p > pageCount) {
            throw new Malformed("page " + p + " outside the file");
        }
        page.clear();
        readFully(channel, page, (long) (p - 1) * pageSize);
        return page;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new EOFException("the file ends early");
            }
            at += n;
        }
        b.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
