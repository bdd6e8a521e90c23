package app.lifeboat.core.incremental;

import java.util.Arrays;

/**
 * An open-addressing hash of frame ordinals, keyed by the ids their owner keeps as four longs per
 * ordinal: four bytes a slot instead of a map node, a boxed key and a value object.
 */
final class FrameHash {
    private int[] slots = new int[64]; // ordinal + 1; 0 is empty
    private int count;

    int size() {
        return count;
    }

    /** Sizes the table for {@code n} ordinals at once, when the caller knows about how many there will be. */
    void reserve(int n) {
        if (count == 0 && n * 2 > slots.length) {
            slots = new int[Integer.highestOneBit(Math.max(1, n * 2 - 1)) << 1];
        }
    }

    /** The ordinal whose id is {@code id}, or -1. */
    int find(long[] words, FrameId id) {
        int mask = slots.length - 1;
        for (int s = spread(id.a(), id.b()) & mask; ; s = (s + 1) & mask) {
            int o = slots[s] - 1;
            if (o < 0) {
                return -1;
            }
            if (same(words, o, id)) {
                return o;
            }
        }
    }

    /** Adds {@code ordinal}, or puts it in place of the ordinal with the same id; returns that one, or -1. */
    int put(long[] words, int ordinal) {
        return insert(words, ordinal, true);
    }

    /** Adds {@code ordinal} unless an ordinal with the same id is there; returns that one, or -1. */
    int putIfAbsent(long[] words, int ordinal) {
        return insert(words, ordinal, false);
    }

    private int insert(long[] words, int ordinal, boolean replace) {
        if ((count + 1) * 2 > slots.length) {
            grow(words);
        }
        int mask = slots.length - 1;
        int w = ordinal * 4;
        for (int s = spread(words[w], words[w + 1]) & mask; ; s = (s + 1) & mask) {
            int o = slots[s] - 1;
            if (o < 0) {
                slots[s] = ordinal + 1;
                count++;
                return -1;
            }
            if (sameWords(words, o, ordinal)) {
                if (replace) {
                    slots[s] = ordinal + 1;
                }
                return o;
            }
        }
    }

    private void grow(long[] words) {
        int[] old = slots;
        slots = new int[old.length * 2];
        int mask = slots.length - 1;
        for (int v : old) {
            if (v != 0) {
                int w = (v - 1) * 4;
                int s = spread(words[w], words[w + 1]) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = v;
            }
        }
    }

    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
    }

    /** Ids are keyed hashes, but an index read from a store is not trusted to be: mix before masking. */
    private static int spread(long a, long b) {
        long h = (a ^ Long.rotateLeft(b, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static boolean same(long[] words, int o, FrameId id) {
        int w = o * 4;
        return words[w] == id.a() && words[w + 1] == id.b() && words[w + 2] == id.c() && words[w + 3] == id.d();
    }

    private static boolean sameWords(long[] words, int o, int p) {
        int w = o * 4;
        int v = p * 4;
        return words[w] == words[v] && words[w + 1] == words[v + 1] && words[w + 2] == words[v + 2] && words[w + 3] == words[v + 3];
    }
}
