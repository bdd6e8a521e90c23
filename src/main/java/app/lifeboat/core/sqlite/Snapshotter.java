package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * Copies a consistent snapshot of a live database to a new file.
 *
 * <p>Mechanism (see NOTES-sqlite.md): SQLite's online backup run from a connection that holds an
 * open read transaction. The read transaction pins one committed state, WAL frames included, so
 * the copy finishes even while another process commits hundreds of times a second, and writers in
 * WAL mode are never blocked. The per-step backup API alone restarts on every source change and
 * never finishes under constant writes; the {@code backup to} statement hides errors.
 */
public final class Snapshotter {
    /** How long to wait for a rollback-journal writer to let go before giving up. */
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private Snapshotter() {}

    /** Writes the snapshot of plain {@code source} to {@code target} (absent, or an empty file). */
    public static void snapshot(Path source, Path target) {
        snapshot(source, target, null);
    }

    /**
     * Writes the snapshot of {@code source} to {@code target}. With a key, the copy is encrypted
     * with the same scheme and key, so it never exists in plaintext.
     */
    public static void snapshot(Path source, Path target, DatabaseKey key) {
        try (SourceTraces traces = SourceTraces.note(source, key);
                Connection c = Sqlite.openReadOnly(source, key, BUSY_TIMEOUT_MILLIS)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // starts the read transaction
            }
            int rc = c.unwrap(SQLiteConnection.class).getDatabase().backup("main", Sqlite.backupTarget(target, key), null);
            c.commit();
            if (rc != 0) {
                throw SqliteErrors.fromResultCode(rc, source, "copy");
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, source, "read");
        }
        if (key == null) {
            markRollbackJournal(target);
        } else {
            // Page 1 is encrypted, so the header cannot be patched; let SQLite do it with the key.
            try (Connection c = Sqlite.openReadWrite(target, key, BUSY_TIMEOUT_MILLIS)) {
                Sqlite.rows(c, "PRAGMA journal_mode = DELETE");
            } catch (SQLException e) {
                throw SqliteErrors.translate(e, target, "finish");
            }
        }
    }

    /**
     * A page-level copy of a WAL database says "WAL" in its header (bytes 18-19 = 2). Stored
     * backups must be self-contained single files, so set the header to rollback-journal mode
     * (1, 1), which is exactly what {@code PRAGMA journal_mode=DELETE} writes on a closed file
     * with no WAL content; doing it directly avoids creating -wal/-shm files in the destination.
     */
    static void markRollbackJournal(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(2);
            ch.read(b, 18);
            if (b.get(0) == 2 || b.get(1) == 2) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 1}), 18);
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot finish the snapshot file " + file
                    + " — check free space and permissions", e);
        }
    }
}
