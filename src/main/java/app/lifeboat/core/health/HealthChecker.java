package app.lifeboat.core.health;

import java.util.TreeMap;
import java.util.Map;
import java.util.Comparator;
import app.lifeboat.core.config.PendingCopy;
import app.lifeboat.core.config.LastRun;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.health.Warning.Code;
import app.lifeboat.core.health.Warning.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a database's settings, catalog and last run into the warnings the CLI and the banners show. */
public final class HealthChecker {
    /** A newest good backup older than this is stale. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(48);

    private final Duration staleAfter;

    public HealthChecker(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** One warning per destination: pending while it may be a short outage, failing after a day. */
    private static void pendingCopies(String name, List<PendingCopy> pending, Instant now, List<Warning> w) {
        Map<String, List<PendingCopy>> byDestination = new TreeMap<>();
        pending.forEach(p -> byDestination.computeIfAbsent(p.destination(), k -> new ArrayList<>()).add(p));
        byDestination.forEach((dest, list) -> {
            PendingCopy oldest = list.stream().min(Comparator.comparing(PendingCopy::since)).orElseThrow();
            String what = list.size() == 1 ? "1 backup" : list.size() + " backups";
            if (oldest.failing(now)) {
                w.add(new Warning(Code.OFFSITE_COPY_FAILING, Severity.ERROR, "Copies of " + name + " to " + dest
                        + " have failed for " + Duration.between(oldest.since(), now).toHours() + " hours (" + what
                        + " waiting): " + oldest.lastError()));
            } else {
                w.add(new Warning(Code.OFFSITE_COPY_PENDING, Severity.WARNING, "The copy of " + what + " of " + name
                        + " to " + dest + " is waiting for a retry: " + oldest.lastError()));
            }
        });
    }

    public DatabaseHealth check(DatabaseSettings db, Destination destination, Catalog.Listing listing,
            Optional<LastRun> lastRun, Instant now) {
        return check(db, destination, listing, lastRun, Optional.empty(), now);
    }

    /** @param currentKeyCheck the {@code KeyCheck} of the database's current key, when it could be read */
    public DatabaseHealth check(DatabaseSettings db, Destination destination, Catalog.Listing listing,
            Optional<LastRun> lastRun, Optional<String> currentKeyCheck, Instant now) {
        return check(db, destination, listing, lastRun, currentKeyCheck, now, new Problems(List.of(), null));
    }

    /**
     * What the health check cannot see in the catalog and settings alone.
     *
     * @param unavailableKeySources key or passphrase sources that cannot be read now, in words
     * @param catalogError why the backup folder could not be listed, or null when it could
     * @param pendingCopies copies to other destinations waiting for a retry
     */
    public record Problems(List<String> unavailableKeySources, String catalogError, List<PendingCopy> pendingCopies) {
        public Problems(List<String> unavailableKeySources, String catalogError) {
            this(unavailableKeySources, catalogError, List.of());
        }
    }

    public DatabaseHealth check(DatabaseSettings db, Destination destination, Catalog.Listing listing,
            Optional<LastRun> lastRun, Optional<String> currentKeyCheck, Instant now, Problems problems) {
        List<Warning> w = new ArrayList<>();
        String name = db.name();
        if (!db.enabled()) {
            w.add(new Warning(Code.BACKUPS_DISABLED, Severity.ERROR, "Backups of " + name
                    + " are turned off: changes made from now on are not protected."));
        }
        Path source = db.source();
        boolean sourceExists = Files.isRegularFile(source);
        if (!sourceExists) {
            w.add(new Warning(Code.SOURCE_MISSING, Severity.ERROR, "The database file " + source
                    + " is missing: it was moved or deleted. Restore it or update its path."));
        }
        for (String keySource : problems.unavailableKeySources()) {
            w.add(new Warning(Code.KEY_SOURCE_UNAVAILABLE, Severity.ERROR, "Backups of " + name + " will fail: "
                    + keySource + " in this environment."));
        }
        Optional<BackupRecord> newestGood = listing.latestGood();
        if (problems.catalogError() != null) {
            w.add(new Warning(Code.BACKUPS_UNREADABLE, Severity.ERROR, "The backups of " + name
                    + " cannot be read: " + problems.catalogError()));
        } else if (newestGood.isEmpty()) {
            w.add(new Warning(Code.NEVER_BACKED_UP, Severity.ERROR, name + " has no good backup yet."));
        } else if (Duration.between(newestGood.get().createdAt(), now).compareTo(staleAfter) > 0) {
            w.add(new Warning(Code.STALE, Severity.WARNING, "The newest good backup of " + name + " is "
                    + Duration.between(newestGood.get().createdAt(), now).toHours() + " hours old."));
        }
        pendingCopies(name, problems.pendingCopies(), now, w);
        lastRun.filter(r -> !r.ok() && newestGood.map(g -> r.at().isAfter(g.createdAt())).orElse(true))
                .ifPresent(r -> w.add(new Warning(Code.LAST_BACKUP_FAILED, Severity.ERROR,
                        "The last backup of " + name + " failed: " + r.message())));
        listing.latest().filter(r -> !r.isGood() && lastRun.map(l -> l.ok()).orElse(true)
                        && r.lastVerification() == null)
                .ifPresent(r -> w.add(new Warning(Code.LAST_BACKUP_FAILED, Severity.ERROR,
                        "The last backup of " + name + " is marked " + r.status().label() + ": " + r.quickCheck())));
        listing.records().stream().filter(r -> r.lastVerification() != null && !r.lastVerification().ok())
                .findFirst().ifPresent(r -> w.add(new Warning(Code.VERIFICATION_FAILED, Severity.ERROR,
                        "Backup " + r.id() + " failed verification: " + r.lastVerification().summary())));
        if (!listing.problems().isEmpty()) {
            w.add(new Warning(Code.UNREADABLE_METADATA, Severity.WARNING, listing.problems().size()
                    + " backup metadata file(s) of " + name + " cannot be read, e.g. "
                    + listing.problems().get(0).name() + ": " + listing.problems().get(0).message()));
        }
        currentKeyCheck.ifPresent(current -> {
            long old = listing.records().stream()
                    .filter(r -> r.keyCheck() != null && !r.keyCheck().equals(current)).count();
            if (old > 0) {
                w.add(new Warning(Code.BACKUPS_UNDER_OLD_KEY, Severity.WARNING, old + " backup(s) of " + name
                        + " were made under a previous key and need that key to restore. Replace them with one fresh"
                        + " backup under the current key."));
            }
        });
        destinationWarnings(db, destination, sourceExists, w);
        DatabaseHealth.Level level = w.stream().anyMatch(x -> x.severity() == Severity.ERROR)
                ? DatabaseHealth.Level.ERROR
                : w.isEmpty() ? DatabaseHealth.Level.OK : DatabaseHealth.Level.WARNING;
        return new DatabaseHealth(name, level, List.copyOf(w), newestGood.map(BackupRecord::createdAt).orElse(null),
                listing.records().size());
    }

    private static void destinationWarnings(DatabaseSettings db, Destination destination, boolean sourceExists,
            List<Warning> w) {
        Path root = Path.of(db.destination());
        if (!Files.isDirectory(root)) {
            w.add(new Warning(Code.DESTINATION_MISSING, Severity.ERROR, "The backup destination " + root
                    + " is missing: connect the drive or choose another destination."));
            return;
        }
        if (!destination.isWritable()) {
            w.add(new Warning(Code.DESTINATION_NOT_WRITABLE, Severity.ERROR, "The backup destination "
                    + destination.describe() + " is not writable."));
            return;
        }
        long need = sourceExists ? 2 * SourceCheck.sizeWithWal(db.source()) : 0;
        long free = destination.usableSpaceBytes();
        if (free >= 0 && free < need) {
            w.add(new Warning(Code.LOW_DISK_SPACE, Severity.WARNING, "Only " + Bytes.human(free)
                    + " free at " + root + "; a backup of " + db.name() + " needs about " + Bytes.human(need) + "."));
        }
    }
}
