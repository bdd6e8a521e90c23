package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

    /**
     * The whole pack read from {@code data}, or null when it is not the pack the index describes
     * (another size or SHA-256): its frames are then copied nowhere, so damage never spreads.
     */
    byte[] readChecked(Destination data) throws IOException {
        byte[] all;
        try (InputStream in = data.open(name)) {
            all = in.readNBytes((int) Math.min(sizeBytes + 1, Format.MAX_PACK_BYTES));
        }
        return all.length == sizeBytes && Arrays.equals(Sha256.newDigest().digest(all), sha256) ? all : null;
    }

    long frameBytes() {
        long n = 0;
        for (Entry e : entries) {
            n += e.length();
        }
        return n;
    }
}
