package app.lifeboat.core.create;

import app.lifeboat.core.copy.CopyOperation;
import app.lifeboat.core.copy.CopyOutcome;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LastRun;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.prune.PruneOperation;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.workspace.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Takes a backup of a database now (one-per-day rule, preconditions, last-run note), then applies retention. */
public final class CreateOperation {
    private final BackupCreator creator;
    private final IncrementalCreator incremental;
    private final PruneOperation prune;
    private final CopyOperation copy;

    public CreateOperation(BackupCreator creator, IncrementalCreator incremental, PruneOperation prune, CopyOperation copy) {
        this.creator = creator;
        this.incremental = incremental;
        this.prune = prune;
        this.copy = copy;
    }

    public CreateResult run(Workspace ws, CreateRequest request, ProgressListener progress, Cancellation cancel) {
        try {
            return runLocked(ws, request, progress, cancel);
        } catch (LifeboatException e) {
            if (e.code() != ErrorCode.CANCELLED) {
                ws.runNotes().recordBackup(ws.name(), new LastRun(ws.clock().instant(), false, e.getMessage(), null));
            }
            throw e;
        }
    }

    private CreateResult runLocked(Workspace ws, CreateRequest request, ProgressListener progress, Cancellation cancel) {
        progress.progress(ProgressListener.Phase.PREPARE, 0, 1);
        DatabaseSettings db = ws.db();
        Preconditions.requireDestinationRoot(db);
        ws.removeLeftovers();
        Optional<BackupRecord> today = takenToday(ws, request);
        if (today.isPresent()) {
            return new CreateResult.Skipped(today.get());
        }
        Preconditions.requireSource(db);
        Preconditions.requireSpace(db, ws.destination());
        BackupRecord record = write(ws, db.source(), request, progress, cancel);
        ws.runNotes().recordBackup(db.name(), new LastRun(record.createdAt(), record.isGood(),
                record.isGood() ? "ok" : "the source database failed SQLite's quick_check", record.id()));
        PrunePlan plan = prune.plan(ws);
        prune.apply(ws, plan);
        // Only a backup that passed its checks here goes elsewhere; copies wait in a queue when they cannot go now.
        List<CopyOutcome> copies = record.isGood() ? copy.afterBackup(ws, record, progress, cancel) : List.of();
        progress.progress(ProgressListener.Phase.DONE, 1, 1);
        return new CreateResult.Created(record, plan, copies);
    }

    /** The good manual or scheduled backup taken today, when one-per-day applies to this request. */
    private static Optional<BackupRecord> takenToday(Workspace ws, CreateRequest request) {
        boolean counts = request.type() == BackupType.MANUAL || request.type() == BackupType.SCHEDULED;
        if (!ws.db().onePerDay() || request.force() || !counts) {
            return Optional.empty();
        }
        Instant now = ws.clock().instant();
        return ws.catalog().scan().records().stream()
                .filter(r -> r.isGood() && sameUtcDay(r.createdAt(), now))
                .filter(r -> r.type() == BackupType.MANUAL || r.type() == BackupType.SCHEDULED)
                .findFirst();
    }

    /**
     * Backs up {@code source} (the database, or the file a restore is about to replace) into the
     * workspace's destination and saves its sidecar; no retention, no last-run note.
     */
    public BackupRecord write(Workspace ws, Path source, CreateRequest request, ProgressListener progress,
            Cancellation cancel) {
        CreateJob job = job(ws, source, request);
        BackupRecord record = ws.db().effectiveStorage() == Storage.INCREMENTAL
                ? incremental.create(job, () -> ws.incrementalStoreToWrite(ws.destination()), progress, cancel)
                : creator.create(job, progress, cancel);
        ws.catalog().save(record);
        return record;
    }

    /** Resolves settings and secrets into what the creator needs; fails early if a key is missing. */
    private static CreateJob job(Workspace ws, Path source, CreateRequest request) {
        DatabaseSettings db = ws.db();
        DatabaseKey key = ws.keys().databaseKey(db, ws.secrets());
        return new CreateJob(db.name(), source, key, ws.destination(), ws.scratchDir(), formatOf(db),
                ws.keys().backupRecipients(db, ws.secrets()), db.recipientLabels(), request);
    }

    /** The format of a new full backup of {@code db}: its compression and whether age encrypts it. */
    static BackupFormat formatOf(DatabaseSettings db) {
        Compression compression = db.effectiveCompression();
        return new BackupFormat(compression, compression.level(db.compressionLevel()), db.ageEncrypted());
    }


    private static boolean sameUtcDay(Instant a, Instant b) {
        return a.atZone(ZoneOffset.UTC).toLocalDate().equals(b.atZone(ZoneOffset.UTC).toLocalDate());
    }
}
