package app.lifeboat.core.incremental;

import java.util.BitSet;

/**
 * A version's page ids in page order (or one level of its tree), four longs each: 32 bytes a page
 * instead of an id object and its reference. A walk that skips a known subtree leaves its pages
 * absent.
 */
final class PageIds {
    private final long[] words;
    private final BitSet absent = new BitSet();
    private final int size;

    /** {@code size} ids, all absent until set. */
    PageIds(int size) {
        this.size = size;
        this.words = new long[size * 4];
        absent.set(0, size);
    }

    static PageIds of(FrameId id) {
        PageIds p = new PageIds(1);
        p.words[0] = id.a();
        p.words[1] = id.b();
        p.words[2] = id.c();
        p.words[3] = id.d();
        p.absent.clear(0);
        return p;
    }

    int size() {
        return size;
    }

    /** The id of page {@code i}, or null when the walk skipped it. */
    FrameId get(int i) {
        if (absent.get(i)) {
            return null;
        }
        int w = i * 4;
        return new FrameId(words[w], words[w + 1], words[w + 2], words[w + 3]);
    }

    /** Sets ids {@code first} to {@code first + count - 1} from {@code count} ids of 32 bytes in {@code node}. */
    void set(int first, byte[] node, int count) {
        for (int c = 0; c < count; c++) {
            int w = (first + c) * 4;
            int o = c * FrameId.BYTES;
            for (int k = 0; k < 4; k++) {
                words[w + k] = word(node, o + k * 8);
            }
        }
        absent.clear(first, first + count);
    }

    private static long word(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xff);
        }
        return v;
    }
}
