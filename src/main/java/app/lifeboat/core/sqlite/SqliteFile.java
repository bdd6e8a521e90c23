package app.lifeboat.core.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What a file on disk looks like from its first bytes: plain SQLite, likely encrypted, or neither. */
public enum SqliteFile {
    /** Starts with the SQLite header. */
    PLAIN,
    /** Random-looking bytes in whole pages: an encrypted database (SQLCipher, sqlite3mc) most likely. */
    LIKELY_ENCRYPTED,
    /** Zero bytes long. */
    EMPTY,
    /** Anything else: text, another format, a truncated header. */
    NOT_A_DATABASE;

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** Whether {@code file} is a regular file that looks like an encrypted database; unreadable counts as no. */
    public static boolean looksEncrypted(Path file) {
        try {
            return Files.isRegularFile(file) && detect(file) == LIKELY_ENCRYPTED;
        } catch (IOException e) {
            return false;
        }
    }

    public static SqliteFile detect(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return EMPTY;
        }
        byte[] head = new byte[100];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 16 && Arrays.equals(Arrays.copyOf(head, 16), MAGIC)) {
            return n == 100 ? PLAIN : NOT_A_DATABASE;
        }
        // Encrypted databases are whole pages (512..65536 bytes) of ciphertext; text files and other
        // formats are not. Counting distinct byte values in the header is a cheap entropy test.
        boolean wholePages = size >= 512 && size % 512 == 0;
        long distinct = 0;
        boolean[] seen = new boolean[256];
        for (int i = 0; i < n; i++) {
            if (!seen[head[i] & 0xff]) {
                seen[head[i] & 0xff] = true;
                distinct++;
            }
        }
        return wholePages && distinct > 60 ? LIKELY_ENCRYPTED : NOT_A_DATABASE;
    }

    /** Reads the big-endian page size from a plain database's header (bytes 16-17; 1 means 65536). */
    public static int pageSizeFromHeader(byte[] header) {
        int v = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        return v == 1 ? 65536 : v;
    }
}
