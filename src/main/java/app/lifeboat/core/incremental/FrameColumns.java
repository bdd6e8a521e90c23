package app.lifeboat.core.incremental;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Frame entries (id, offset, length, key ordinal) kept column by column in a few primitive arrays.
 * A store of 1 GiB lists about 300,000 frames; as one object graph (id, entry, location and map
 * node each) they took about 150 bytes a frame and most of a backup's collection time, as columns
 * they take 42.
 */
final class FrameColumns {
    private long[] words = new long[64];
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private short[] keys = new short[16];
    private int size;

    int size() {
        return size;
    }

    /** Appends a frame; returns its ordinal. */
    int add(FrameId id, int offset, int length, int key) {
        ensure(size + 1);
        int w = size * 4;
        words[w] = id.a();
        words[w + 1] = id.b();
        words[w + 2] = id.c();
        words[w + 3] = id.d();
        return set(offset, length, key);
    }

    /** Appends a frame whose id is the next 32 bytes of {@code b}; returns its ordinal. */
    int add(ByteBuffer b, int offset, int length, int key) {
        ensure(size + 1);
        int w = size * 4;
        for (int i = 0; i < 4; i++) {
            words[w + i] = b.getLong();
        }
        return set(offset, length, key);
    }

    private int set(int offset, int length, int key) {
        offsets[size] = offset;
        lengths[size] = length;
        keys[size] = (short) key;
        return size++;
    }

    /** Makes room for {@code n} frames in all: the decoder knows each pack's count before its frames. */
    void ensure(int n) {
        if (n <= offsets.length) {
            return;
        }
        int cap = Math.max(n, offsets.length + (offsets.length >> 1));
        words = Arrays.copyOf(words, cap * 4);
        offsets = Arrays.copyOf(offsets, cap);
        lengths = Arrays.copyOf(lengths, cap);
        keys = Arrays.copyOf(keys, cap);
    }

    /** The id words, four per frame, for {@link FrameHash} (read afresh after every add: the array grows). */
    long[] words() {
        return words;
    }

    FrameId id(int i) {
        int w = i * 4;
        return new FrameId(words[w], words[w + 1], words[w + 2], words[w + 3]);
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    int key(int i) {
        return Short.toUnsignedInt(keys[i]);
    }

    Pack.Entry entry(int i) {
        return new Pack.Entry(id(i), offsets[i], lengths[i], key(i));
    }

    /** Frames {@code from} (inclusive) to {@code to} as a read-only list; entries are made as they are read. */
    List<Pack.Entry> entries(int from, int to) {
        return new Range(from, to);
    }

    /** A run of frames seen as entries; {@link IndexCodec} writes it from the columns directly. */
    final class Range extends AbstractList<Pack.Entry> implements RandomAccess {
        private final int from;
        private final int to;

        Range(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Pack.Entry get(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException(index);
            }
            return entry(from + index);
        }

        @Override
        public int size() {
            return to - from;
        }

        /** Writes the entries as an index lists them: id, offset, length, key ordinal. */
        void putEntries(ByteBuffer b) {
            for (int i = from; i < to; i++) {
                int w = i * 4;
                b.putLong(words[w]).putLong(words[w + 1]).putLong(words[w + 2]).putLong(words[w + 3]);
                b.putInt(offsets[i]).putInt(lengths[i]).putShort(keys[i]);
            }
        }
    }
}
