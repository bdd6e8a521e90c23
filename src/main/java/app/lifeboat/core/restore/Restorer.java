package app.lifeboat.core.restore;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import org.sqlite.SQLiteErrorCode;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.ProgressListener.Phase;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.io.OpenFiles;
import app.lifeboat.core.sqlite.ContentHash;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.sqlite.Sqlite;
import app.lifeboat.core.sqlite.SqliteErrors;
import app.lifeboat.core.sqlite.SourceTraces;
import app.lifeboat.core.sqlite.SqliteFile;
import app.lifeboat.core.verify.FileChecks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Writes a verified, decoded backup back. Over an existing database it goes through SQLite's
 * backup API, so the swap is one transaction in the target's own journal: killed at any instant,
 * the target is exactly as before (SQLite rolls the hot journal back) or fully restored, and
 * programs that have it open see the new content instead of a file swapped under them. Into a new
 * path it writes a private temporary beside it, checks it, and renames it into place.
 */
public final class Restorer {
    private static final int CHUNK = 4 << 20;

    private final Executor executor;

    public Restorer(Executor executor) {
        this.executor = executor;
    }

    /**
     * True when {@code file} opens with SQLite (with {@code key}) and its schema reads: enough to
     * back it up the normal way. Its pages are not checked here (a full quick check, 1–2 s per
     * GiB): the pre-restore backup taken next checks them.
     */
    public static boolean opensAsDatabase(Path file, DatabaseKey key) {
        try {
            SqliteFile kind = SqliteFile.detect(file);
            if (key == null ? kind != SqliteFile.PLAIN : kind != SqliteFile.LIKELY_ENCRYPTED) {
                return false;
            }
            try (SourceTraces traces = SourceTraces.note(file, key);
                    Connection c = Sqlite.openReadOnly(file, key, 30_000)) {
                return Sqlite.longValue(c, "SELECT count(*) FROM sqlite_schema") >= 0;
            }
        } catch (IOException | SQLException e) {
            return false;
        }
    }

    /**
     * Restores over a readable database through SQLite, then checks the result with a fresh
     * connection. Returns a note (or null) when the row counts no longer match because another
     * program wrote to the database right after the restore: it sees the restored content, so that
     * is not a failure.
     */
    public String restoreInPlace(BackupRecord backup, Path plain, Path target, DatabaseKey key, ProgressListener progress) {
        progress.progress(Phase.RESTORE, 0, backup.originalSizeBytes());
        // The read-only connections of the check after the restore would leave a -wal and -shm beside a
        // WAL-mode database that nobody else has open.
        try (SourceTraces traces = SourceTraces.note(target, key)) {
            long t0 = System.nanoTime();
            if (!copyInto(plain, target, key)) {
                // SQLite cannot change the page size of a database in WAL mode through the backup API
                // (the page size changed since the backup, e.g. PRAGMA page_size + VACUUM): swap the file.
                return restoreBySwap(backup, plain, target, key, progress, Cancellation.none());
            }
            long t1 = System.nanoTime();
            checkpoint(target, key);
            long t2 = System.nanoTime();
            progress.progress(Phase.RESTORE, backup.originalSizeBytes(), backup.originalSizeBytes());
            String note = checkResult(backup, target, key, true, progress);
            LoggerFactory.getLogger(Restorer.class).info("restore into {}: backup API copy {} ms, checkpoint {} ms, check {} ms",
                    target, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return note;
        }
    }

    /**
     * One backup-API copy of the verified plain file over the live target; readers see old or new,
     * never a mix. False when SQLite cannot write it over a WAL database of another page size.
     */
    private static boolean copyInto(Path plain, Path target, DatabaseKey key) {
        try (Connection from = Sqlite.openImmutable(plain, key)) {
            int rc = from.unwrap(SQLiteConnection.class).getDatabase().backup("main", Sqlite.backupTarget(target, key), null);
            if (rc == 0) {
                return true;
            }
            if ((rc & 0xff) == SQLiteErrorCode.SQLITE_READONLY.code) {
                return false;
            }
            throw SqliteErrors.fromResultCode(rc, target, "restore into");
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, target, "restore into");
        }
    }

    /**
     * Replaces a live database by renaming a checked copy over it, while holding SQLite's exclusive
     * lock so that no other program has it open: its WAL is folded in and removed first (journal
     * mode DELETE under the lock), so nothing stale can be replayed over the new file. Killed at any
     * instant, the target is the old content (possibly left in rollback-journal mode) or the new.
     */
    private String restoreBySwap(BackupRecord backup, Path plain, Path target, DatabaseKey key,
            ProgressListener progress, Cancellation cancel) {
        try (Connection lock = Sqlite.openReadWrite(target, key, 2_000)) {
            String mode = Sqlite.rows(lock, "PRAGMA journal_mode").get(0);
            Sqlite.exec(lock, "PRAGMA locking_mode = EXCLUSIVE");
            try {
                Sqlite.exec(lock, "BEGIN EXCLUSIVE");
                Sqlite.exec(lock, "COMMIT"); // the exclusive lock stays: locking_mode is EXCLUSIVE
            } catch (SQLException e) {
                throw inUse(target);
            }
            Sqlite.rows(lock, "PRAGMA journal_mode = DELETE");
            restoreAsNewFile(backup, plain, target, key, progress, cancel, mode);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, target, "restore into");
        }
        return checkResult(backup, target, key, true, progress);
    }

    private static LifeboatException inUse(Path target) {
        Set<String> holders = OpenFiles.holders(target);
        String who = holders.isEmpty() ? "the program that has it open" : String.join(", ", holders);
        return new LifeboatException(ErrorCode.BUSY, "the database " + target + " changed its page size since the"
                + " backup, so it must be replaced as a whole file, and " + who + " has it open; it is unchanged",
                Remedy.CLOSE_PROGRAM_AND_RETRY, who);
    }

    /**
     * In WAL mode the restored pages sit in the -wal file until a checkpoint; move them into the
     * main file now, so that a person who copies the database file afterwards gets the restored
     * content. PASSIVE never waits for, or disturbs, other connections.
     */
    private static void checkpoint(Path target, DatabaseKey key) {
        // Not all copied: the restore itself is complete and durable; the checkpoint happens later.
        Sqlite.passiveCheckpoint(target, key, 5_000);
    }

    /** Restores into a path that must not exist yet (or is replaced whole): temp beside it, check, rename. */
    public void restoreAsNewFile(BackupRecord backup, Path plain, Path target, DatabaseKey key,
            ProgressListener progress, Cancellation cancel) {
        restoreAsNewFile(backup, plain, target, key, progress, cancel, null);
    }

    /** @param journalMode the journal mode the file gets before it is renamed into place, or null to keep the backup's */
    private void restoreAsNewFile(BackupRecord backup, Path plain, Path target, DatabaseKey key,
            ProgressListener progress, Cancellation cancel, String journalMode) {
        Path folder = target.toAbsolutePath().getParent();
        removeStaleStagedCopies(folder, target.getFileName().toString());
        LocalFolderDestination beside = new LocalFolderDestination(folder);
        try (Destination.StagedFile staged = beside.stage(target.getFileName().toString())) {
            copyWithProgress(plain, staged.path(), progress, cancel);
            checkResult(backup, staged.path(), key, false, progress);
            if (journalMode != null) {
                setJournalMode(staged.path(), key, journalMode);
            }
            cancel.check();
            // A -wal or -journal left next to the target belongs to no database now; SQLite would
            // replay it over the restored file, so it must go before the rename.
            for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(target.resolveSibling(target.getFileName() + suffix));
            }
            staged.commit();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write " + target
                    + " — check free space and permissions; nothing was changed", e);
        }
    }

    /** Sets the journal mode of a file nobody else has open; closing cleanly leaves no -wal or -shm. */
    private static void setJournalMode(Path file, DatabaseKey key, String mode) throws IOException {
        try (Connection c = Sqlite.openReadWrite(file, key, 5_000)) {
            Sqlite.rows(c, "PRAGMA journal_mode = " + (mode.equalsIgnoreCase("wal") ? "WAL" : "DELETE"));
        } catch (SQLException e) {
            throw new IOException("cannot set the journal mode of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A restore killed before its rename leaves its staged copy (and SQLite's journal of it) beside
     * the target, where no destination cleanup looks; the next restore to the same name removes it.
     */
    private static void removeStaleStagedCopies(Path folder, String name) {
        Pattern stale = Pattern.compile(Pattern.quote(FileSafety.TEMP_PREFIX) + "[0-9a-f]{8}-" + Pattern.quote(name)
                + "(-journal|-wal|-shm)?");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (stale.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // Leftovers only take space; the staging that follows reports a folder that cannot be written.
        }
    }

    private static void copyWithProgress(Path from, Path to, ProgressListener progress, Cancellation cancel)
            throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileSafety.openEmptyForWriting(to)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                done += in.transferTo(done, Math.min(CHUNK, size - done), out);
                progress.progress(Phase.RESTORE, done, size);
                cancel.check();
            }
            out.force(true);
        }
    }

    /**
     * Reads the restored file back with a fresh connection and compares it with the backup's
     * record. A live target may already hold another program's newer commits, so there a count
     * mismatch is reported as a note, and only a failed integrity check is an error.
     */
    private String checkResult(BackupRecord backup, Path file, DatabaseKey key, boolean live, ProgressListener progress) {
        progress.progress(Phase.VERIFY, 0, 1);
        // The backup passed a full verification (content hash included) just before; after the copy,
        // SQLite's quick check and the row counts are what the restore itself could have broken.
        FileChecks.Report r = FileChecks.run(file, key, live, false, false, ContentHash.NONE, executor, ProgressListener.NONE,
                Cancellation.none());
        boolean countsMatch = r.facts().tables().equals(backup.tables());
        if (!r.integrityOk() || (!live && !countsMatch)) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the restored database " + file
                    + " does not match backup " + backup.id(), Remedy.RESTORE_SAFETY_COPY, backup.database());
        }
        progress.progress(Phase.VERIFY, 1, 1);
        return countsMatch ? null : "another program wrote to the database right after the restore (its row counts"
                + " now differ from the backup's); it is working on the restored content";
    }

    /** Keeps a byte copy of an unreadable file (and its -wal) before it is replaced. */
    public static Path setAside(Path target) {
        Path aside = target.resolveSibling(target.getFileName() + ".lifeboat-replaced-" + System.currentTimeMillis());
        try {
            Files.copy(target, aside, StandardCopyOption.COPY_ATTRIBUTES);
            FileSafety.fsync(aside);
            Path wal = target.resolveSibling(target.getFileName() + "-wal");
            if (Files.exists(wal)) {
                Path walAside = aside.resolveSibling(aside.getFileName() + "-wal");
                Files.copy(wal, walAside);
                FileSafety.fsync(walAside);
            }
            FileSafety.fsyncDirectory(aside.toAbsolutePath().getParent());
            return aside;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot keep a copy of " + target
                    + " before replacing it — check free space; nothing was changed", e);
        }
    }
}
