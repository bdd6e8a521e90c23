package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.BulkInputStream;
import app.lifeboat.core.io.FileReads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read transaction held on a plain (unencrypted) live database, and, when it is safe, the
 * database file's own bytes as the snapshot: no copy through SQLite's backup API first.
 *
 * <p>When the file's bytes are exactly the pinned state, and stay so until {@link #close()}:
 * <ul>
 * <li>Rollback-journal mode: the read transaction holds a SHARED lock, and a writer must hold
 * EXCLUSIVE to change the file, so nothing commits until we let go.</li>
 * <li>WAL mode, with the -wal file absent or without frames (32 bytes or less) once the
 * transaction has begun: the pinned state has no WAL frames, so it is the file. Had there been frames when it began, this reader
 * would hold a read mark that stops any checkpoint from truncating the WAL, so an empty WAL
 * proves there were none; and while a reader of the file alone is open, no checkpoint may copy
 * newer frames into the file (it must first lock read-mark 0 exclusively). New commits go to the
 * -wal only.</li>
 * <li>WAL mode, with frames that are all in the file: before the transaction begins, a passive
 * checkpoint (which never waits for and never blocks the app's readers and writers) copies the
 * WAL's frames into the file, as SQLite's automatic checkpoints do. When it copied every frame
 * and no other connection committed between a {@code data_version} read before it and one inside
 * the transaction, the pinned state is the file: the frames it holds are all backfilled, and no
 * checkpoint may copy newer ones while this reader is open (they are past its read mark, or it
 * reads the file alone, read-mark 0). This is the usual desktop case: the app has the database
 * open, idle, with its last commits in the -wal.</li>
 * </ul>
 * Otherwise (the app is writing, or another reader keeps older frames from being copied) the
 * backup API reads the frames through SQLite.
 *
 * <p>The same connection, inside the same transaction, serves the checks, so they see exactly the
 * bytes that are copied.
 */
public final class PinnedSource implements AutoCloseable {
    /** A WAL file of this size or less holds no frames: just its header, or nothing. */
    private static final long WAL_HEADER_BYTES = 32;
    /** The most read from the file in one call. */
    private static final int READ_CHUNK = 1 << 20;

    private final Path file;
    private final SourceTraces traces;
    private final Connection connection;
    private final int pageSize;
    private final long pageCount;
    private final boolean fileIsSnapshot;
    private final boolean blocksWriters;
    private final boolean encrypted;

    private PinnedSource(Path file, SourceTraces traces, Connection connection, int pageSize, long pageCount, boolean fileIsSnapshot,
            boolean blocksWriters, boolean encrypted) {
        this.encrypted = encrypted;
        this.file = file;
        this.traces = traces;
        this.connection = connection;
        this.pageSize = pageSize;
        this.pageCount = pageCount;
        this.fileIsSnapshot = fileIsSnapshot;
        this.blocksWriters = blocksWriters;
    }

    /** Opens {@code source} read-only and begins a read transaction on it. */
    public static PinnedSource pin(Path source) {
        return pin(source, null);
    }

    /**
     * Like {@link #pin(Path)} for a database encrypted with {@code key} (null: plain); its pages are
     * then read as the ciphertext they are, header included, never decrypted.
     */
    public static PinnedSource pin(Path source, DatabaseKey key) {
        SourceTraces traces = SourceTraces.note(source, null);
        Connection c = null;
        boolean pinned = false;
        try {
            c = Sqlite.openReadOnly(source, key, Snapshotter.BUSY_TIMEOUT_MILLIS);
            // Run the same kind of statement once before the transaction: the first one in a fresh
            // process loads classes for tens of milliseconds, and every commit another program makes
            // while the transaction is open but the WAL not yet looked at makes this path give up.
            Sqlite.rows(c, "PRAGMA page_size");
            Path walFile = source.resolveSibling(source.getFileName() + "-wal");
            long versionBefore = -1;
            boolean backfilled = false;
            if (Files.exists(walFile) && Files.size(walFile) > WAL_HEADER_BYTES) {
                versionBefore = Sqlite.longValue(c, "PRAGMA data_version");
                backfilled = Sqlite.passiveCheckpoint(source, key, 0); // false: the backup API reads the frames
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // starts the read transaction
            }
            boolean walEmpty = !Files.exists(walFile) || Files.size(walFile) <= WAL_HEADER_BYTES;
            boolean walInFile = backfilled && Sqlite.longValue(c, "PRAGMA data_version") == versionBefore;
            int pageSize = (int) Sqlite.longValue(c, "PRAGMA page_size");
            long pageCount = Sqlite.longValue(c, "PRAGMA page_count");
            // Read inside the transaction: leaving WAL mode needs an exclusive lock, so it holds until close.
            boolean wal = "wal".equalsIgnoreCase(Sqlite.rows(c, "PRAGMA journal_mode").get(0));
            boolean fileIsSnapshot = (!wal || walEmpty || walInFile) && Files.size(source) >= (long) pageSize * pageCount;
            PinnedSource p = new PinnedSource(source, traces, c, pageSize, pageCount, fileIsSnapshot, !wal, key != null);
            c = null;
            pinned = true;
            return p;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, source, "read");
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot read " + source + " — check that it exists and you may read it", e);
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failure is what matters
                }
            }
            if (!pinned) {
                traces.close();
            }
        }
    }

    /** True when {@link #openFile()} gives exactly the pinned state. */
    public boolean fileIsSnapshot() {
        return fileIsSnapshot;
    }

    /** True in rollback-journal mode, where no other program can commit while this is open. */
    public boolean blocksWriters() {
        return blocksWriters;
    }

    /** The connection holding the transaction; checks run on it see the pinned state. */
    public Connection connection() {
        return connection;
    }

    public int pageSize() {
        return pageSize;
    }

    public long sizeBytes() {
        return (long) pageSize * pageCount;
    }

    /**
     * The pinned database's bytes straight from the file, with the header set to rollback-journal
     * mode as {@link Snapshotter} does for its copies, so a backup is one self-contained file.
     */
    public InputStream openFile() throws IOException {
        if (!fileIsSnapshot) {
            throw new IllegalStateException("the file does not hold the pinned state");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long size = sizeBytes();
        return new BulkInputStream() {
            private long position;
            private final ByteBuffer direct = ByteBuffer.allocateDirect(READ_CHUNK); // see FileReads

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= size) {
                    return -1;
                }
                int n;
                try {
                    n = FileReads.readAt(ch, position, b, off, (int) Math.min(len, size - position), direct);
                } catch (IOException e) {
                    throw new LifeboatException(ErrorCode.IO_ERROR, "cannot read the database " + file
                            + " while backing it up — check the disk; no backup was written", e);
                }
                if (n < 0) {
                    throw new LifeboatException(ErrorCode.IO_ERROR, "the database " + file + " got shorter while it"
                            + " was being backed up, which its lock should prevent — try again; no backup was written");
                }
                if (!encrypted) {
                    markRollbackJournal(b, off, n, position); // an encrypted header is ciphertext: left as it is
                }
                position += n;
                return n;
            }

            /** Skips by moving the position: sampling pages for a dictionary must not read the whole file. */
            @Override
            public long skip(long n) {
                long k = Math.max(0, Math.min(n, size - position));
                position += k;
                return k;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** Bytes 18-19 of the header say WAL (2, 2); a single-file copy says rollback journal (1, 1). */
    private static void markRollbackJournal(byte[] b, int off, int n, long position) {
        for (int at = 18; at <= 19; at++) {
            if (position <= at && at < position + n && b[off + (int) (at - position)] == 2) {
                b[off + (int) (at - position)] = 1;
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // ending a read transaction cannot lose anything
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing releases the lock either way
        }
        traces.close();
    }
}
