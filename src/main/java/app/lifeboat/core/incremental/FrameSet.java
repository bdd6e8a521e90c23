package app.lifeboat.core.incremental;

import java.util.Arrays;

/**
 * A set of frame ids that numbers them in the order they were added, so callers can keep what
 * they know of each one in primitive arrays (prune's reference counts, a walk's seen nodes).
 */
final class FrameSet {
    private long[] words;
    private final FrameHash hash = new FrameHash();
    private int size;

    FrameSet() {
        this(16);
    }

    /** A set sized for about {@code expected} ids: growing step by step copies and rehashes each time. */
    FrameSet(int expected) {
        words = new long[Math.max(16, expected) * 4];
        hash.reserve(expected);
    }

    int size() {
        return size;
    }

    /** The id's number, or -1 when absent. */
    int indexOf(FrameId id) {
        return hash.find(words, id);
    }

    boolean contains(FrameId id) {
        return indexOf(id) >= 0;
    }

    /** Adds {@code id} if absent; returns its number (a new one is {@code size() - 1}). */
    int add(FrameId id) {
        if ((size + 1) * 4 > words.length) {
            words = Arrays.copyOf(words, words.length * 2);
        }
        int w = size * 4;
        words[w] = id.a();
        words[w + 1] = id.b();
        words[w + 2] = id.c();
        words[w + 3] = id.d();
        int old = hash.putIfAbsent(words, size);
        if (old >= 0) {
            return old;
        }
        return size++;
    }

    FrameId get(int i) {
        int w = i * 4;
        return new FrameId(words[w], words[w + 1], words[w + 2], words[w + 3]);
    }

    void clear() {
        hash.clear();
        size = 0;
    }
}
