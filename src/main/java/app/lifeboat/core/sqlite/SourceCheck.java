package app.lifeboat.core.sqlite;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Checks that a path names a SQLite database we can read, with a precise message when it does not. */
public final class SourceCheck {
    private SourceCheck() {}

    /** Fails with a clear message unless {@code file} is a readable, plain SQLite database. */
    public static void requirePlainDatabase(Path file) {
        if (!Files.exists(file)) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the database file " + file + " does not exist",
                    Remedy.UPDATE_SOURCE_PATH, file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new LifeboatException(ErrorCode.NOT_A_DATABASE, file + " is a folder, not a database file — "
                    + "give the path of the .db/.sqlite file inside it");
        }
        if (!Files.isReadable(file)) {
            throw new LifeboatException(ErrorCode.NOT_A_DATABASE, "cannot read " + file + " — check its permissions");
        }
        SqliteFile kind;
        try {
            kind = SqliteFile.detect(file);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot read " + file + " — check the disk and permissions", e);
        }
        switch (kind) {
            case PLAIN -> { }
            case EMPTY -> throw new LifeboatException(ErrorCode.NOT_A_DATABASE, "the file " + file
                    + " is empty, not a SQLite database — check the path");
            case LIKELY_ENCRYPTED -> throw new LifeboatException(ErrorCode.NOT_A_DATABASE, "the file " + file
                    + " looks like an encrypted database (SQLCipher or similar), which this version cannot back up yet"
                    + " — decrypt it first or choose another file");
            default -> throw new LifeboatException(ErrorCode.NOT_A_DATABASE, "the file " + file
                    + " is not a SQLite database — check the path");
        }
    }

    /** Opens the database and reads its schema, so a damaged header is caught before anything is saved. */
    public static void requireReadable(Path file) {
        requirePlainDatabase(file);
        try (SourceTraces traces = SourceTraces.note(file, null);
                Connection c = Sqlite.openReadOnly(file, Snapshotter.BUSY_TIMEOUT_MILLIS)) {
            Sqlite.longValue(c, "SELECT count(*) FROM sqlite_schema");
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, file, "read");
        }
    }

    /** The database file's size plus its -wal file, i.e. roughly what a snapshot will need. */
    public static long sizeWithWal(Path file) {
        long size = 0;
        try {
            size = Files.size(file);
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                size += Files.size(wal);
            }
        } catch (IOException e) {
            // reported by the open that follows
        }
        return size;
    }
}
