package app.lifeboat.core.copy;

import app.lifeboat.core.workspace.Workspaces;
import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.catalog.StoredFile;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.PendingCopy;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.VersionCopy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.retention.PrunePlanner;
import app.lifeboat.core.workspace.StoreUpkeep;
import app.lifeboat.core.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a database's backups to its copy destinations once they are written and verified at its
 * own destination: the stored file first, its sidecar last (only objects with a sidecar are
 * backups), then that destination's retention. A copy that cannot be made now is queued and
 * retried with backoff; the backup itself has succeeded either way.
 */
public final class CopyOperation {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(CopyOperation.class);
    }

    /** Tests the named destination the way copies will use it. */
    public DestinationCheck.Result test(Workspaces workspaces, String name) {
        DestinationSettings d = workspaces.destinationRegistry().get(name);
        try (Destination root = workspaces.destinations().open(d)) {
            return new DestinationCheck().run(name, root);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "cannot close the connection to " + name,
                    Remedy.CHECK_CONNECTION, name);
        }
    }

    /**
     * Checks every copy the workspace reads (see {@link Workspace#readFrom}) without downloading:
     * sizes, and the server's SHA-256 where it keeps one. Cheap enough to run often; a full
     * verify downloads and proves the content.
     */
    public List<QuickCheck> quickCheck(Workspace ws) {
        Catalog.Listing listing = ws.listingEverywhere();
        List<QuickCheck> out = new ArrayList<>();
        // One config read per store, not per version: on object storage each is a request.
        Map<String, IncrementalStore> stores = new HashMap<>();
        for (BackupRecord r : listing.records()) {
            Destination there = ws.catalogOf(r).destination();
            List<String> problems = new ArrayList<>();
            int hashes = 0;
            if (r.isIncremental()) {
                try {
                    String key = there.describe() + "/" + r.storeFolder();
                    IncrementalStore store = stores.get(key);
                    if (store == null) {
                        store = ws.incrementalStore(there, r);
                        stores.put(key, store);
                    }
                    if (!store.hasVersion(r.versionId())) {
                        problems.add("version " + r.versionId() + " is not in the incremental store there");
                    }
                } catch (LifeboatException | UncheckedIOException e) {
                    problems.add("its incremental store cannot be read (" + e.getMessage() + ")");
                }
            }
            for (StoredFile f : r.storedFiles()) {
                try {
                    long size = there.sizeBytes(f.name());
                    if (size != f.sizeBytes()) {
                        problems.add(f.name() + " has " + size + " bytes, the metadata says " + f.sizeBytes());
                    }
                    Optional<String> sha = there.storedSha256(f.name());
                    if (sha.isPresent()) {
                        hashes++;
                        if (f.sha256() != null && !sha.get().equalsIgnoreCase(f.sha256())) {
                            problems.add(f.name() + " has another SHA-256 on the server than in the metadata");
                        }
                    }
                } catch (IOException e) {
                    problems.add(f.name() + " cannot be read (" + e.getMessage() + ")");
                }
            }
            out.add(new QuickCheck(r.id(), problems.isEmpty(), problems.isEmpty()
                    ? "size" + (hashes > 0 ? " and server SHA-256 match" : " matches (the server keeps no checksum)")
                    : String.join("; ", problems)));
        }
        listing.problems().forEach(p -> out.add(new QuickCheck(p.name(), false, p.message())));
        return out;
    }

    /**
     * Copies one existing backup ({@code id}, or the newest good one when null) to one destination,
     * or to every copy destination when {@code destination} is null: how a destination added later
     * gets the backups taken before. Failures are queued as after a backup.
     */
    public List<CopyOutcome> copyNow(Workspace ws, String id, String destination, ProgressListener progress,
            Cancellation cancel) {
        Catalog.Listing listing = ws.catalog().scan();
        BackupRecord backup = id != null ? ws.find(listing, id) : listing.latestGood().orElseThrow(ws::noBackups);
        if (!backup.isGood()) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id() + " is "
                    + backup.status().label() + ", and only good backups are copied", Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
        }
        List<CopyTarget> targets = destination == null ? ws.db().copyTo() : List.of(ws.db().copyTo().stream()
                .filter(t -> t.destination().equals(destination)).findFirst()
                .orElseGet(() -> new CopyTarget(destination, null, null)));
        List<CopyOutcome> out = new ArrayList<>();
        for (CopyTarget t : targets) {
            out.add(ws.db().copyTo().contains(t) ? attempt(ws, backup, t, null, progress, cancel)
                    : copyOnce(ws, backup, t, progress, cancel));
        }
        return out;
    }

    /** A copy to a destination the database does not copy to: done now or failed now, never queued, no retention. */
    private CopyOutcome copyOnce(Workspace ws, BackupRecord backup, CopyTarget target, ProgressListener progress,
            Cancellation cancel) {
        return copy(ws, backup, target, false, progress, cancel);
    }

    /** Copies {@code backup} to every copy destination of the database. */
    public List<CopyOutcome> afterBackup(Workspace ws, BackupRecord backup, ProgressListener progress, Cancellation cancel) {
        List<CopyOutcome> out = new ArrayList<>();
        for (CopyTarget t : ws.db().copyTo()) {
            out.add(attempt(ws, backup, t, null, progress, cancel));
        }
        return out;
    }

    /**
     * Retries the queued copies of the database: those due by their backoff, or all of them with
     * {@code now}. Copies of backups that retention has deleted since, and copies to destinations
     * the database no longer copies to, are dropped from the queue.
     */
    public List<CopyOutcome> retry(Workspace ws, boolean now, ProgressListener progress, Cancellation cancel) {
        List<CopyOutcome> out = new ArrayList<>();
        List<PendingCopy> pending = ws.copyQueue().of(ws.name());
        if (pending.isEmpty()) {
            return out;
        }
        Catalog.Listing listing = ws.catalog().scan();
        Instant at = ws.clock().instant();
        for (PendingCopy p : pending) {
            Optional<CopyTarget> target = ws.db().copyTo().stream().filter(t -> t.destination().equals(p.destination()))
                    .findFirst();
            Optional<BackupRecord> backup = listing.find(p.backupId());
            if (target.isEmpty() || backup.isEmpty()) {
                ws.copyQueue().remove(ws.name(), p.backupId(), p.destination());
                continue;
            }
            if (now || p.due(at)) {
                cancel.check();
                out.add(attempt(ws, backup.get(), target.get(), p, progress, cancel));
            }
        }
        return out;
    }

    private CopyOutcome attempt(Workspace ws, BackupRecord backup, CopyTarget target, PendingCopy previous,
            ProgressListener progress, Cancellation cancel) {
        String dest = target.destination();
        try {
            cancel.check();
            CopyOutcome done = copy(ws, backup, target, true, progress, cancel);
            if (previous != null) {
                ws.copyQueue().remove(ws.name(), backup.id(), dest);
            }
            return done;
        } catch (LifeboatException e) {
            Instant now = ws.clock().instant();
            PendingCopy next = previous == null ? PendingCopy.failed(backup.id(), dest, now, e.getMessage())
                    : previous.failedAgain(now, e.getMessage());
            ws.copyQueue().put(ws.name(), next);
            if (e.code() == ErrorCode.CANCELLED) {
                log().info("copy of backup {} of {} to {} cancelled; queued", backup.id(), ws.name(), dest);
                return new CopyOutcome(dest, backup.id(), CopyOutcome.State.QUEUED, e.getMessage(), 0);
            }
            log().warn("copy of backup {} of {} to {} failed, retrying from {}: {}", backup.id(), ws.name(), dest,
                    next.nextAttempt(), e.getMessage());
            return new CopyOutcome(dest, backup.id(), CopyOutcome.State.QUEUED, e.getMessage(), 0);
        }
    }

    private CopyOutcome copy(Workspace ws, BackupRecord backup, CopyTarget target, boolean retention,
            ProgressListener progress, Cancellation cancel) {
        String dest = target.destination();
        try (Destination there = ws.copyDestination(dest)) {
            Catalog remote = new Catalog(there);
            boolean present = there.exists(backup.sidecarName());
            BackupRecord listed = backup;
            if (!present && backup.isIncremental()) {
                listed = copyVersion(ws, backup, there, progress, cancel);
            }
            if (!present) {
                long total = backup.storedFiles().stream().mapToLong(StoredFile::sizeBytes).sum();
                long[] before = {0};
                for (StoredFile f : backup.storedFiles()) {
                    cancel.check();
                    try (Destination.LocalCopy local = ws.destination().localCopy(f.name())) {
                        // Checked here, before anything is sent: put() then makes the copy exactly this size
                        // (and, where it can, these bytes), so no round trip afterwards asks it again.
                        long size = Files.size(local.path());
                        if (size != f.sizeBytes()) {
                            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the stored file " + f.name()
                                    + " has " + size + " bytes instead of the " + f.sizeBytes() + " its metadata"
                                    + " records, so it was not copied to " + there.describe() + "; verify the backup", Remedy.SEE_DETAILS);
                        }
                        there.put(f.name(), local.path(), f.sha256(), sent -> {
                            cancel.check();
                            progress.progress(ProgressListener.Phase.UPLOAD, before[0] + sent, total);
                        });
                    }
                    before[0] += f.sizeBytes();
                }
                remote.save(listed);
                log().info("copied backup {} of {} to {}", backup.id(), ws.name(), dest);
            }
            int removed = retention ? applyRetention(ws, remote, target) : 0;
            return new CopyOutcome(dest, backup.id(), present ? CopyOutcome.State.ALREADY_THERE : CopyOutcome.State.COPIED,
                    "", removed);
        } catch (IOException | UncheckedIOException e) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "cannot copy backup " + backup.id() + " to "
                    + dest + " (" + e.getMessage() + ")", Remedy.CHECK_CONNECTION, dest);
        }
    }

    /**
     * Copies an incremental backup's version (only the frames the copy's store lacks) and returns
     * the record to list there. It goes to the store of the same folder, unless that store belongs
     * to an earlier store of this database (its destination moved, or was lost and made anew): then
     * to a folder named after this store, so the copies listed before keep their store untouched.
     */
    private static BackupRecord copyVersion(Workspace ws, BackupRecord backup, Destination there, ProgressListener progress,
            Cancellation cancel) {
        IncrementalStore from = ws.incrementalStore(ws.destination(), backup);
        String folder = backup.storeFolder();
        IncrementalStore to = from.replicaIn(there.within(folder), folder);
        if (!from.canCopyInto(to)) {
            folder = BackupRecord.copyStoreFolder(from.storeId());
            log().info("the store {} at {} belongs to an earlier store of {}; copies of {} go to {}", backup.storeFolder(),
                    there.describe(), ws.name(), from.describe(), folder);
            to = from.replicaIn(there.within(folder), folder);
        }
        VersionCopy sent = from.copyVersionTo(to, backup.versionId(), progress, cancel);
        log().info("version {} of {} to {}: {} frames the store there lacked, {} bytes", backup.versionId(), ws.name(),
                there.describe(), sent.frames(), sent.bytes());
        return folder.equals(backup.storeFolder()) ? backup
                : new BackupRecord.Builder(backup).incremental(backup.versionId(), folder).build();
    }

    /**
     * The destination's own rules decide what stays there; every deletion is logged. Stored files
     * without a sidecar there are copies cut off before their sidecar (a killed run, a lost
     * connection): nobody lists them, and they go now, as do stale temporaries. Copies of this
     * database are made only under its lock, so none of them is another run's copy in progress.
     */
    private static int applyRetention(Workspace ws, Catalog remote, CopyTarget target) throws IOException {
        Catalog.Listing listing = remote.scan();
        for (String orphan : remote.orphans(listing)) {
            remote.destination().delete(orphan);
            log().info("removed {} at {}: a copy of {} cut off before its metadata was written", orphan,
                    target.destination(), ws.name());
        }
        remote.destination().removeStaleTemporaries();
        PrunePlan plan = PrunePlanner.plan(listing.records(), target.retentionPolicy(ws.db()), ws.clock().instant(),
                List.of());
        List<BackupRecord> removed = new ArrayList<>();
        for (PrunePlan.Decision d : plan.decisions()) {
            if (!d.keep()) {
                remote.delete(d.backup());
                removed.add(d.backup());
                log().info("retention at {} deleted the copy of backup {} of {} ({})", target.destination(), d.backup().id(),
                        ws.name(), d.reason());
            }
        }
        // Versions whose sidecar went (now, or a copy cut off between the two) and the data only they used.
        StoreUpkeep.afterDeleting(ws, remote, removed);
        return removed.size();
    }
}
