package app.lifeboat.core.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Leaves a live database's folder as Lifeboat found it. A read-only connection to a WAL-mode
 * database creates its {@code -wal} (0 bytes) and {@code -shm} (32 KiB) when they are absent, and
 * cannot remove them on close: only a read-write connection checkpoints and deletes them, and
 * only when it is the last connection to the database. So when neither file existed before, and
 * they exist after Lifeboat's own connections are closed, one read-write connection is opened,
 * reads the schema and is closed, and SQLite itself decides: it removes them when nobody else has
 * the database open, and leaves another program's files alone (its lock stops the removal).
 * Nothing here deletes a file by hand, and nothing is written to a database that has no WAL
 * content (an empty WAL has nothing to checkpoint).
 *
 * <p>Use it around the connections: {@code try (SourceTraces t = SourceTraces.note(file, key);
 * Connection c = ...)} closes the connection first, then tidies.
 */
public final class SourceTraces implements AutoCloseable {
    /** Long enough for a WAL recovery by another opener, short enough not to hold up an operation. */
    private static final int TIDY_BUSY_TIMEOUT_MILLIS = 2_000;

    private final Path file;
    private final DatabaseKey key;
    private final boolean hadWalFiles;

    private SourceTraces(Path file, DatabaseKey key, boolean hadWalFiles) {
        this.file = file;
        this.key = key;
        this.hadWalFiles = hadWalFiles;
    }

    /** Notes whether {@code file}'s -wal or -shm exist now, before Lifeboat opens it ({@code key} null: plain). */
    public static SourceTraces note(Path file, DatabaseKey key) {
        return new SourceTraces(file, key, Files.exists(wal(file)) || Files.exists(shm(file)));
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    private static Path shm(Path file) {
        return file.resolveSibling(file.getFileName() + "-shm");
    }

    /** Lets SQLite remove the -wal and -shm that Lifeboat's connections created; call after closing them. */
    @Override
    public void close() {
        if (hadWalFiles || !(Files.exists(wal(file)) || Files.exists(shm(file)))) {
            return;
        }
        try (Connection c = Sqlite.openReadWrite(file, key, TIDY_BUSY_TIMEOUT_MILLIS)) {
            // The WAL is opened by the first read; a connection that never read closes without it.
            Sqlite.longValue(c, "SELECT count(*) FROM sqlite_schema");
        } catch (SQLException e) {
            // A write-protected file or another program busy with it: its files stay, as they must.
        }
    }
}
