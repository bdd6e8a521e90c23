package app.lifeboat.core.sqlite;

import java.nio.ByteBuffer;

/**
 * The file format's rules for b-tree pages of one file (its page size, usable size and page
 * count): where cells are, how numbers are stored, how much payload stays on a page. Every value
 * read is checked against the page, and anything out of place is {@link RawPages.Malformed}.
 */
final class CellFormat {
    private final int pageSize;
    private final int usableSize;
    private final long pageCount;

    CellFormat(int pageSize, int usableSize, long pageCount) {
        this.pageSize = pageSize;
        this.usableSize = usableSize;
        this.pageCount = pageCount;
    }

    /** How much of a table leaf cell's payload is stored on the leaf itself (the file format's rule). */
    int localPayload(long payload) {
        int u = usableSize;
        int min = (u - 12) * 32 / 255 - 23;
        long k = min + (payload - min) % (u - 4);
        return k <= u - 35 ? (int) k : min;
    }

    int childPage(int n) throws RawPages.Malformed {
        if (n < 1 || n > pageCount) {
            throw new RawPages.Malformed("page number " + Integer.toUnsignedString(n) + " outside the file");
        }
        return n;
    }

    int cellCount(ByteBuffer b, int base, int h, int headerBytes) throws RawPages.Malformed {
        int cells = b.getShort(base + h + 3) & 0xffff;
        if (h + headerBytes + 2 * cells > pageSize) {
            throw new RawPages.Malformed("too many cells");
        }
        return cells;
    }

    int cellOffset(ByteBuffer b, int base, int h, int headerBytes, int i) throws RawPages.Malformed {
        int at = b.getShort(base + h + headerBytes + 2 * i) & 0xffff;
        if (at < h + headerBytes || at + 4 > usableSize) {
            throw new RawPages.Malformed("cell offset " + at + " outside the page");
        }
        return at;
    }

    /** Reads a varint at {@code at} into {@code out[0]}; returns the offset after it. */
    int varint(ByteBuffer b, int base, int at, long[] out) throws RawPages.Malformed {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            if (at + i >= usableSize) {
                throw new RawPages.Malformed("a number runs past the page");
            }
            int x = b.get(base + at + i) & 0xff;
            if (i == 8) {
                out[0] = (v << 8) | x;
                return at + 9;
            }
            v = (v << 7) | (x & 0x7f);
            if ((x & 0x80) == 0) {
                out[0] = v;
                return at + i + 1;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
