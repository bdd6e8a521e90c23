package app.lifeboat.core.due;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LastRun;
import app.lifeboat.core.copy.CopyOperation;
import app.lifeboat.core.create.CreateOperation;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.verify.VerifyOperation;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.core.workspace.Workspace;
import app.lifeboat.core.workspace.Workspaces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Runs every backup and re-verification that is due now, one database at a time, through the
 * same locks as everything else: a database busy with another operation is skipped this round.
 */
public final class RunDueOperation {
    private final Workspaces workspaces;
    private final CreateOperation create;
    private final VerifyOperation verify;
    private final CopyOperation copy;
    private final Random random = new Random();

    public RunDueOperation(Workspaces workspaces, CreateOperation create, VerifyOperation verify, CopyOperation copy) {
        this.workspaces = workspaces;
        this.create = create;
        this.verify = verify;
        this.copy = copy;
    }

    public List<DueOutcome> run(ProgressListener progress, Cancellation cancel) {
        List<DueOutcome> out = new ArrayList<>();
        Instant now = workspaces.clock().instant();
        for (DatabaseSettings db : workspaces.databases()) {
            cancel.check();
            List<BackupRecord> records = safeList(db);
            if (DuePlanner.backupDue(db, records, workspaces.runNotes().lastBackup(db.name()), now, workspaces.zone())) {
                out.add(scheduledBackup(db, progress, cancel));
                records = safeList(db);
            }
            Optional<Instant> lastReverify = workspaces.runNotes().lastReverify(db.name()).map(LastRun::at);
            if (DuePlanner.reverifyDue(db, records, lastReverify, now)) {
                out.addAll(reverify(db, records, progress, cancel));
            }
            if (!workspaces.copyQueue().of(db.name()).isEmpty()) {
                out.addAll(retryCopies(db, progress, cancel));
            }
        }
        return out;
    }

    /** Sends the copies whose backoff has passed; one that fails again waits longer. */
    private List<DueOutcome> retryCopies(DatabaseSettings db, ProgressListener progress, Cancellation cancel) {
        try (Workspace ws = workspaces.open(db.name(), "scheduled copy", Secrets.none())) {
            return copy.retry(ws, false, progress, cancel).stream().map(c -> new DueOutcome(db.name(), "copy to "
                    + c.destination(), c.ok(), c.ok() ? "ok" : c.detail(), c.backupId())).toList();
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CANCELLED) {
                throw e;
            }
            return List.of(new DueOutcome(db.name(), "copy", e.code() == ErrorCode.BUSY, e.getMessage(), null));
        }
    }

    private List<BackupRecord> safeList(DatabaseSettings db) {
        try (Workspace ws = workspaces.view(db)) {
            return ws.catalog().scan().records();
        } catch (LifeboatException e) {
            return List.of();
        }
    }

    private DueOutcome scheduledBackup(DatabaseSettings db, ProgressListener progress, Cancellation cancel) {
        try (Workspace ws = workspaces.open(db.name(), "scheduled backup", Secrets.none())) {
            CreateResult r = create.run(ws, new CreateRequest(BackupType.SCHEDULED, false, List.of(), null),
                    progress, cancel);
            if (r instanceof CreateResult.Skipped s) {
                return new DueOutcome(db.name(), "backup", true, "skipped: backup " + s.existing().id()
                        + " was already taken today (one-per-day is on)", null);
            }
            BackupRecord b = r.created().backup();
            return new DueOutcome(db.name(), "backup", b.isGood(), b.isGood() ? "ok"
                    : "the database failed SQLite's quick_check (source-corrupt)", b.id());
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CANCELLED) {
                throw e;
            }
            if (e.code() == ErrorCode.BUSY) {
                return new DueOutcome(db.name(), "backup", true, "skipped: " + e.getMessage(), null);
            }
            return new DueOutcome(db.name(), "backup", false, e.getMessage(), null);
        }
    }

    /** Verifies the newest backup and one older good backup chosen at random; records when. */
    private List<DueOutcome> reverify(DatabaseSettings db, List<BackupRecord> records, ProgressListener progress,
            Cancellation cancel) {
        List<DueOutcome> out = new ArrayList<>();
        for (String id : reverifyIds(records)) {
            try (Workspace ws = workspaces.open(db.name(), "scheduled re-verification", Secrets.none())) {
                VerifyOutcome v = verify.run(ws, VerifyRequest.one(id), progress, cancel).get(0);
                out.add(new DueOutcome(db.name(), "reverify", v.result().ok(), v.result().summary(), id));
            } catch (LifeboatException e) {
                if (e.code() == ErrorCode.CANCELLED) {
                    throw e;
                }
                out.add(new DueOutcome(db.name(), "reverify", e.code() == ErrorCode.BUSY, e.getMessage(), id));
            }
        }
        boolean ok = out.stream().allMatch(DueOutcome::ok);
        workspaces.runNotes().recordReverify(db.name(),
                new LastRun(workspaces.clock().instant(), ok, ok ? "ok" : "failed", null));
        return out;
    }

    private List<String> reverifyIds(List<BackupRecord> records) {
        List<String> ids = new ArrayList<>();
        ids.add(records.get(0).id());
        List<BackupRecord> good = records.stream().filter(BackupRecord::isGood).toList();
        if (good.size() > 1) {
            List<BackupRecord> older = good.stream().filter(r -> !r.id().equals(records.get(0).id())).toList();
            ids.add(older.get(random.nextInt(older.size())).id());
        }
        return ids;
    }
}
