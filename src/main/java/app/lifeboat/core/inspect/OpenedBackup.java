package app.lifeboat.core.inspect;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.crypto.AgeFailure;
import app.lifeboat.core.crypto.PayloadCipher;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.sqlite.Sqlite;
import app.lifeboat.core.sqlite.SqliteErrors;
import app.lifeboat.core.workspace.Workspace;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A backup opened read-only for looking inside. A compressed or age-encrypted backup is decoded
 * into the private scratch folder (0600; a backup of an encrypted database stays encrypted there
 * and is opened with its key), checked against its recorded SHA-256, and deleted on close; a plain
 * backup is opened where it lies, immutable. Either way the backup itself is never changed.
 */
final class OpenedBackup implements AutoCloseable {
    private final Connection connection;
    private final Path decoded;
    private final Destination.LocalCopy copy;
    private final DatabaseKey key;

    private OpenedBackup(Connection connection, Path decoded, Destination.LocalCopy copy, DatabaseKey key) {
        this.connection = connection;
        this.decoded = decoded;
        this.copy = copy;
        this.key = key;
    }

    /**
     * Attaches another opened backup's file to this connection as schema {@code other}, so both
     * can be compared in one statement; the file is closed, so it is attached immutable.
     */
    void attach(OpenedBackup other) throws SQLException {
        Path file = other.decoded != null ? other.decoded : other.copy.path();
        try (Statement s = connection.createStatement()) {
            s.execute("ATTACH DATABASE '" + Sqlite.attachName(file, other.key).replace("'", "''") + "' AS other");
        }
    }

    /**
     * Attaches the live database as schema {@code other} and starts one read transaction, so every
     * comparison sees one consistent state of it while its program keeps writing.
     */
    void attachLive(Workspace ws) throws SQLException {
        Path source = ws.db().source();
        try (Statement s = connection.createStatement()) {
            s.execute("ATTACH DATABASE '" + Sqlite.attachNameLive(source, key).replace("'", "''") + "' AS other");
            s.execute("PRAGMA busy_timeout = 5000"); // a writer's commit holds the live file only briefly
        }
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT count(*) FROM other.sqlite_schema").close(); // the read transaction starts now
        }
    }

    static OpenedBackup open(Workspace ws, BackupRecord r, ProgressListener progress, Cancellation cancel) {
        Destination d = ws.catalogOf(r).destination();
        DatabaseKey key = ws.db().sourceEncrypted() ? ws.keys().databaseKey(ws.db(), ws.secrets()) : null;
        Path plain = null;
        Destination.LocalCopy copy = null;
        try {
            if (r.isIncremental()) {
                // Assembled as a restore does: every page present, authenticated and matching its id.
                FileSafety.createPrivateDirectories(ws.scratchDir());
                plain = FileSafety.tempPathIn(ws.scratchDir(), "inspect.db");
                FileSafety.createPrivateFile(plain);
                ws.incrementalStore(d, r).restore(r.versionId(), plain, progress, cancel);
                OpenedBackup opened = new OpenedBackup(readOnly(plain, key), plain, null, key);
                plain = null;
                return opened;
            }
            if (r.format().compression() == Compression.NONE && !r.format().ageEncrypted()) {
                copy = d.localCopy(r.file());
                return new OpenedBackup(readOnly(copy.path(), key), null, copy, key);
            }
            warmUp(r.format().ageEncrypted());
            List<RecipientStanzaReader> identities = ws.keys().identities(ws.db(), ws.secrets());
            if (r.format().ageEncrypted() && identities.isEmpty()) {
                throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "backup " + r.id() + " is age-encrypted",
                        Remedy.GIVE_IDENTITY);
            }
            FileSafety.createPrivateDirectories(ws.scratchDir());
            plain = FileSafety.tempPathIn(ws.scratchDir(), "inspect.db");
            FileSafety.createPrivateFile(plain);
            StreamCodec.Result result;
            try (InputStream in = d.open(r.file())) {
                result = StreamCodec.decode(in, plain, r.format(), identities, r.storedSizeBytes(), progress, cancel);
            } catch (AgeFailure e) {
                if (e.kind() == AgeFailure.Kind.NO_MATCH) {
                    throw new LifeboatException(ErrorCode.WRONG_KEY, "backup " + r.id() + " is encrypted for a different key",
                            Remedy.GIVE_IDENTITY);
                }
                throw e;
            }
            if (r.sha256() != null && !r.sha256().equals(result.sha256())) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + r.id()
                        + " does not match its recorded checksum, so it is not opened", Remedy.CHOOSE_ANOTHER_BACKUP,
                        ws.name());
            }
            OpenedBackup opened = new OpenedBackup(readOnly(plain, key), plain, null, key);
            plain = null;
            return opened;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + r.id() + " cannot be read ("
                    + e.getMessage() + ")", e, Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
        } finally {
            deleteQuietly(plain);
        }
    }

    /**
     * Loads the native cipher and SQLite on another thread while the backup decodes. In a fresh
     * process each unpacks and loads a native library (about 0.5 s together on the benchmark
     * machine), which otherwise comes before the first chunk and after the last. A failure is
     * left to the code that needs the library, which meets it again and reports it.
     */
    private static void warmUp(boolean age) {
        Thread t = new Thread(() -> {
            try {
                if (age) {
                    PayloadCipher.describe();
                }
                Sqlite.load();
            } catch (RuntimeException | LinkageError e) {
                // reported by the open itself
            }
        }, "lifeboat-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The live database, read-only, in one read transaction so both sides of a diff are each one
     * consistent state while the owning program keeps writing.
     */
    static OpenedBackup live(Workspace ws) {
        Path source = ws.db().source();
        DatabaseKey key = ws.db().sourceEncrypted() ? ws.keys().databaseKey(ws.db(), ws.secrets()) : null;
        try {
            Connection c = Sqlite.openReadOnly(source, key, 5000);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // starts the read transaction now
            }
            return new OpenedBackup(c, null, null, key);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, source, "read");
        }
    }

    /** Read-only twice over: the file is opened read-only, and the connection refuses writes. */
    private static Connection readOnly(Path file, DatabaseKey key) {
        try {
            Connection c = Sqlite.openImmutable(file, key);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            return c;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, file, "open");
        }
    }

    /**
     * The plain database file SQLite reads for this backup, for comparing pages; null when its
     * pages are ciphertext (a backup of an encrypted database) or it is the live database.
     */
    Path plainFile() {
        if (key != null) {
            return null;
        }
        return decoded != null ? decoded : copy != null ? copy.path() : null;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
        deleteQuietly(decoded);
        if (copy != null) {
            try {
                copy.close();
            } catch (IOException e) {
                // a downloaded copy left in scratch is removed by the next run
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the next run's scratch cleanup removes it
            }
        }
    }
}
