package app.lifeboat.core.restore;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.create.CreateOperation;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.Preconditions;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.verify.VerifyOperation;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.Verifier;
import app.lifeboat.core.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup: verifies it (refusing on failure), then writes a new file, or replaces a
 * readable database in place after a pre-restore backup, or sets an unreadable file aside first.
 */
public final class RestoreOperation {
    private final Restorer restorer;
    private final VerifyOperation verify;
    private final CreateOperation create;

    public RestoreOperation(Restorer restorer, VerifyOperation verify, CreateOperation create) {
        this.restorer = restorer;
        this.verify = verify;
        this.create = create;
    }

    /** A restore into a new file needs a name that does not exist yet, in a folder that does. */
    private static void requireNewFile(Path to) {
        if (Files.exists(to)) {
            throw new LifeboatException(ErrorCode.ALREADY_EXISTS, to + " already exists — choose a new file name");
        }
        if (to.getParent() == null || !Files.isDirectory(to.getParent())) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the folder " + to.getParent()
                    + " does not exist — create it first");
        }
    }

    public RestoreResult run(Workspace ws, RestoreRequest request, ProgressListener progress, Cancellation cancel) {
        if (request.to() != null) {
            requireNewFile(request.to().toAbsolutePath()); // before minutes of verification, not after
        }
        // A restore killed while saving the pre-restore backup leaves a staged file; with the lock
        // held nothing else can be writing one, so clear them as create and prune do.
        ws.removeLeftovers();
        BackupRecord backup = chosen(ws, request);
        if (backup.status() == BackupStatus.SOURCE_CORRUPT) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                    + " was taken from a damaged database (source-corrupt)", Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
        }
        progress.progress(ProgressListener.Phase.VERIFY, 0, 1);
        Verifier.Keys keys = verify.readKeys(ws);
        requireKeys(ws, backup, keys);
        long t0 = System.nanoTime();
        try (Verifier.Checked checked = verify.check(ws, backup, keys, progress, cancel)) {
            long verifyMillis = (System.nanoTime() - t0) / 1_000_000;
            VerifyOutcome v = verify.record(ws, backup, checked.result());
            if (!v.result().ok()) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                        + " failed verification (" + v.result().summary()
                        + "); nothing was restored", Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
            }
            cancel.check();
            return restoreVerified(ws, v.backup(), checked.plainFile(), request, keys.databaseKey(), verifyMillis, progress, cancel);
        }
    }

    /**
     * Puts {@code tables} of a backup back into the live database (or, with {@code asName}, one
     * table beside the others under that name) after verifying the backup and saving the database
     * as a pre-restore backup; one transaction, so the database holds the old rows or the new.
     */
    public TableRestoreResult restoreTables(Workspace ws, String backupId, List<String> tables, String asName,
            ProgressListener progress, Cancellation cancel) {
        if (tables.isEmpty() || asName != null && tables.size() != 1) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, asName != null ? "a new name applies to one table"
                    : "no table was named", Remedy.NONE);
        }
        DatabaseSettings db = ws.db();
        Path target = db.source();
        Verifier.Keys keys = verify.readKeys(ws);
        if (db.sourceEncrypted() && keys.databaseKey() == null) {
            ws.keys().databaseKey(db, ws.secrets()); // throws the clear "key not available" error
        }
        if (!Restorer.opensAsDatabase(target, keys.databaseKey())) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, target + " is missing or not a readable database, so there is"
                    + " nothing to put a table into", Remedy.RESTORE_FROM_BACKUP, ws.name());
        }
        ws.removeLeftovers();
        BackupRecord backup = chosen(ws, new RestoreRequest(backupId, null));
        requireKeys(ws, backup, keys);
        try (Verifier.Checked checked = verify.check(ws, backup, keys, progress, cancel)) {
            if (!checked.result().ok() || checked.plainFile() == null) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id() + " failed verification ("
                        + checked.result().summary() + "); nothing was restored", Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
            }
            TableRestorer.check(target, keys.databaseKey(), checked.plainFile(), tables, asName);
            Preconditions.requireSpace(db, ws.destination());
            progress.progress(ProgressListener.Phase.SAFETY_COPY, 0, 1);
            BackupRecord safety = writePreRestore(ws, target, "before restoring " + String.join(", ", tables) + " from "
                    + backup.id(), progress, cancel);
            if (!safety.isGood()) {
                // The pre-restore backup's quick check is the one check of the whole database; rows
                // written into a damaged file could be lost with it.
                throw new LifeboatException(ErrorCode.NOT_A_DATABASE, "the database " + target + " is damaged (it fails"
                        + " SQLite's quick_check; it was kept as backup " + safety.id() + ", marked source-corrupt), so no"
                        + " table was put into it", Remedy.RESTORE_FROM_BACKUP, ws.name());
            }
            cancel.check();
            progress.progress(ProgressListener.Phase.RESTORE, 0, 1);
            Map<String, Long> rows = TableRestorer.restore(target, keys.databaseKey(), checked.plainFile(), tables,
                    asName);
            return new TableRestoreResult(backup, rows, safety);
        }
    }

    private static BackupRecord chosen(Workspace ws, RestoreRequest request) {
        Catalog.Listing listing = ws.listingEverywhere();
        if (request.backupId() != null) {
            return ws.find(listing, request.backupId());
        }
        return listing.latestGood().orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                ws.name() + " has no good backup to restore", Remedy.CHOOSE_ANOTHER_BACKUP, ws.name()));
    }

    private static void requireKeys(Workspace ws, BackupRecord backup, Verifier.Keys keys) {
        if (ws.db().sourceEncrypted() && keys.databaseKey() == null) {
            ws.keys().databaseKey(ws.db(), ws.secrets()); // throws the clear "key not available" error
        }
        if (backup.format().ageEncrypted() && keys.identities().isEmpty()) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "backup " + backup.id() + " is age-encrypted",
                    Remedy.GIVE_IDENTITY);
        }
    }

    /**
     * Saves the database about to be replaced; null when SQLite reports it damaged beyond
     * reading, so that it cannot be backed up the normal way.
     */
    private BackupRecord preRestoreBackup(Workspace ws, Path target, BackupRecord backup, ProgressListener progress,
            Cancellation cancel) {
        try {
            return writePreRestore(ws, target, "before restoring " + backup.id(), progress, cancel);
        } catch (LifeboatException e) {
            if (e.code() != ErrorCode.NOT_A_DATABASE) {
                throw e;
            }
            LoggerFactory.getLogger(RestoreOperation.class).info("the database {} cannot be backed up before the restore ({}); "
                    + "its bytes are set aside instead", target, e.getMessage());
            return null;
        }
    }

    private BackupRecord writePreRestore(Workspace ws, Path target, String description, ProgressListener progress,
            Cancellation cancel) {
        return create.write(ws, target, new CreateRequest(BackupType.PRE_RESTORE, true, List.of(), description), progress,
                cancel);
    }

    private RestoreResult restoreVerified(Workspace ws, BackupRecord backup, Path plain, RestoreRequest request,
            DatabaseKey key, long verifyMillis, ProgressListener progress, Cancellation cancel) {
        DatabaseSettings db = ws.db();
        if (request.to() != null) {
            Path to = request.to().toAbsolutePath();
            requireNewFile(to); // again: the verification took time
            restorer.restoreAsNewFile(backup, plain, to, key, progress, cancel);
            return new RestoreResult(backup, to, null, null);
        }
        Path target = db.source();
        Preconditions.requireDestinationRoot(db);
        if (!Files.exists(target)) {
            restorer.restoreAsNewFile(backup, plain, target, key, progress, cancel);
            return new RestoreResult(backup, target, null, null);
        }
        Preconditions.requireSpace(db, ws.destination());
        BackupRecord safety = null;
        if (Restorer.opensAsDatabase(target, key)) {
            progress.progress(ProgressListener.Phase.SAFETY_COPY, 0, 1);
            long t0 = System.nanoTime();
            safety = preRestoreBackup(ws, target, backup, progress, cancel);
            cancel.check();
            if (safety != null && safety.isGood()) {
                long t1 = System.nanoTime();
                String note = restorer.restoreInPlace(backup, plain, target, key, progress);
                // One line per restore: where its time went, for the benchmark and for users' reports.
                LoggerFactory.getLogger(RestoreOperation.class).info("restore {} of {}: verify {} ms, pre-restore backup {} ms, "
                        + "copy into place and check {} ms", backup.id(), ws.name(), verifyMillis,
                        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                return new RestoreResult(backup, target, safety, null, note);
            }
        }
        // The current file is not a database SQLite can read, or the pre-restore backup found it
        // damaged (that backup is kept, marked source-corrupt). Either way SQLite cannot be trusted
        // to write over it: keep a copy of its bytes, then replace it by rename.
        Path aside = Restorer.setAside(target);
        restorer.restoreAsNewFile(backup, plain, target, key, progress, cancel);
        return new RestoreResult(backup, target, safety, aside);
    }
}
