package app.lifeboat.core.incremental;

import java.util.List;

/**
 * One pack file as an index describes it: its name in {@code data/}, what its frames hold, its
 * size and SHA-256 (checked without any key), the data keys its frames use, and its frames.
 */
record Pack(String name, Format.Kind kind, long sizeBytes, byte[] sha256, List<String> keyIds, List<Entry> entries) {
    /** One frame: its id, where it starts in the pack, how long it is, and which of the pack's keys sealed it. */
    record Entry(FrameId id, int offset, int length, int keyOrdinal) {}

    /** Where a frame lives. */
    record Location(Pack pack, Entry entry) {
        String keyId() {
            return entry.keyOrdinal() == Format.NO_KEY ? null : pack.keyIds().get(entry.keyOrdinal());
        }
    }

    static boolean isPackName(String name) {
        return name.length() == 32 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    long frameBytes() {
        long n = 0;
        for (Entry e : entries) {
            n += e.length();
        }
        return n;
    }
}
