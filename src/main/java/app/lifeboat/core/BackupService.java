package app.lifeboat.core;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.catalog.Json;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.Settings;
import app.lifeboat.core.config.SettingsStore;
import app.lifeboat.core.create.BackupCreator;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.HealthChecker;
import app.lifeboat.core.health.LastRun;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import app.lifeboat.core.restore.Restorer;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.retention.PrunePlanner;
import app.lifeboat.core.retention.RetentionPolicy;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.verify.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's front door: every operation the CLI and the GUI offer, with progress and
 * cancellation. Operations that change a database's backups take its cross-process lock.
 */
public final class BackupService implements AutoCloseable {
    private final SettingsStore settings;
    private final Clock clock;
    private final ExecutorService checks;
    private final BackupCreator creator;
    private final Verifier verifier;
    private final Restorer restorer;
    private final HealthChecker health = new HealthChecker(HealthChecker.DEFAULT_STALE_AFTER);

    public BackupService(LifeboatHome home, Clock clock) {
        this.settings = new SettingsStore(home);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // Two threads: the machines we target have two cores, and checks pair one SQLite scan with
        // one hashing pass.
        this.checks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lifeboat-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.creator = new BackupCreator(checks, clock);
        this.verifier = new Verifier(checks, clock);
        this.restorer = new Restorer(checks, creator);
    }

    public BackupService(LifeboatHome home) {
        this(home, Clock.systemUTC());
    }

    public LifeboatHome home() {
        return settings.home();
    }

    public Clock clock() {
        return clock;
    }

    // ---- databases -------------------------------------------------------------------------

    public List<DatabaseSettings> databases() {
        return settings.load().databases();
    }

    public DatabaseSettings database(String name) {
        return settings.load().find(name).orElseThrow(() -> notRegistered(name));
    }

    private static LifeboatException notRegistered(String name) {
        return new LifeboatException(ErrorCode.NOT_FOUND,
                "no database named '" + name + "' — see 'lifeboat databases' for the registered names");
    }

    /** Registers {@code source}; refuses anything that is not a readable SQLite database. */
    public DatabaseSettings add(Path source, DatabaseOptions o) {
        Path abs = source.toAbsolutePath().normalize();
        SourceCheck.requireReadable(abs);
        String name = DatabaseName.require(o.name() != null ? o.name() : DatabaseName.suggestFor(abs));
        String dest = o.destination() != null ? existingFolder(o.destination()) : defaultDestination();
        DatabaseSettings db = new DatabaseSettings(name, abs.toString(), dest,
                o.enabled() == null || o.enabled(), nonNegative(o.maxCount(), 0, "--max-count"),
                nonNegative(o.maxAgeDays(), 0, "--max-age-days"), Boolean.TRUE.equals(o.onePerDay()), null);
        settings.update(s -> {
            if (s.find(name).isPresent()) {
                throw new LifeboatException(ErrorCode.ALREADY_EXISTS, "a database named '" + name
                        + "' is already registered — choose another name with --name");
            }
            s.databases().stream().filter(d -> d.sourcePath().equals(db.sourcePath())).findFirst().ifPresent(d -> {
                throw new LifeboatException(ErrorCode.ALREADY_EXISTS, abs + " is already registered as '"
                        + d.name() + "' — change it with 'lifeboat set " + d.name() + "'");
            });
            return s.put(db);
        });
        return db;
    }

    /** Refuses anything that is not a readable SQLite database, without saving anything (the GUI's file check). */
    public void checkSource(Path source) {
        SourceCheck.requireReadable(source.toAbsolutePath().normalize());
    }

    /** Changes the settings of {@code name}; null options are left as they are. */
    public DatabaseSettings update(String name, DatabaseOptions o) {
        if (o.name() != null && !o.name().equals(name)) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "a database cannot be renamed — its backups live in"
                    + " a folder named after it; remove it and add it again under the new name");
        }
        Settings s = settings.update(current -> {
            DatabaseSettings d = current.find(name).orElseThrow(() -> notRegistered(name));
            String source = d.sourcePath();
            if (o.sourcePath() != null) {
                Path p = Path.of(o.sourcePath()).toAbsolutePath().normalize();
                SourceCheck.requireReadable(p);
                source = p.toString();
            }
            return current.put(new DatabaseSettings(name, source,
                    o.destination() != null ? existingFolder(o.destination()) : d.destination(),
                    o.enabled() != null ? o.enabled() : d.enabled(),
                    nonNegative(o.maxCount(), d.maxCount(), "--max-count"),
                    nonNegative(o.maxAgeDays(), d.maxAgeDays(), "--max-age-days"),
                    o.onePerDay() != null ? o.onePerDay() : d.onePerDay(), d.extra()));
        });
        return s.find(name).orElseThrow();
    }

    public DatabaseSettings setEnabled(String name, boolean enabled) {
        return update(name, new DatabaseOptions(null, null, null, null, null, enabled, null));
    }

    /** Forgets the database; its backups stay on disk. */
    public DatabaseSettings remove(String name) {
        DatabaseSettings db = database(name);
        settings.update(s -> s.remove(name));
        return db;
    }

    /** A destination the user named must exist: creating folders on a drive that is not mounted hides mistakes. */
    private static String existingFolder(String dir) {
        Path p = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the destination folder " + p
                    + " does not exist — create it (or mount the drive) first");
        }
        return p.toString();
    }

    private String defaultDestination() {
        Path p = home().defaultDestination();
        try {
            FileSafety.createPrivateDirectories(p);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot create " + p
                    + " — check that the Lifeboat home folder is writable", e);
        }
        return p.toString();
    }

    private static int nonNegative(Integer v, int fallback, String option) {
        if (v == null) {
            return fallback;
        }
        if (v < 0) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, option + " must be 0 or more (0 means no limit)");
        }
        return v;
    }

    // ---- backups ---------------------------------------------------------------------------

    public Destination destinationOf(DatabaseSettings db) {
        return new LocalFolderDestination(db.backupFolder());
    }

    public Catalog catalog(String name) {
        return new Catalog(destinationOf(database(name)));
    }

    public Catalog.Listing list(String name) {
        return catalog(name).scan();
    }

    /** Takes a backup now, then applies retention. */
    public CreateResult create(String name, CreateRequest request, ProgressListener progress, Cancellation cancel) {
        DatabaseSettings db = database(name);
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            try {
                return createLocked(db, catalog, request, progress, cancel);
            } catch (LifeboatException e) {
                if (e.code() != ErrorCode.CANCELLED) {
                    recordRun(name, new LastRun(clock.instant(), false, e.getMessage(), null));
                }
                throw e;
            }
        }
    }

    private CreateResult createLocked(DatabaseSettings db, Catalog catalog, CreateRequest request,
            ProgressListener progress, Cancellation cancel) {
        progress.progress(ProgressListener.Phase.PREPARE, 0, 1);
        Destination dest = catalog.destination();
        requireDestinationRoot(db);
        removeLeftovers(dest);
        Catalog.Listing listing = catalog.scan();
        if (db.onePerDay() && !request.force()
                && (request.type() == BackupType.MANUAL || request.type() == BackupType.SCHEDULED)) {
            Optional<BackupRecord> today = listing.records().stream()
                    .filter(r -> r.isGood() && sameUtcDay(r.createdAt(), clock.instant()))
                    .filter(r -> r.type() == BackupType.MANUAL || r.type() == BackupType.SCHEDULED)
                    .findFirst();
            if (today.isPresent()) {
                return new CreateResult(null, "backup " + today.get().id()
                        + " was already taken today (one-per-day is on); use --force to take another", null);
            }
        }
        SourceCheck.requirePlainDatabase(db.source());
        requireSpace(db, dest);
        BackupRecord record = creator.create(db.name(), db.source(), dest, request, progress, cancel);
        catalog.save(record);
        recordRun(db.name(), new LastRun(record.createdAt(), record.isGood(),
                record.isGood() ? "ok" : "the source database failed SQLite's quick_check", record.id()));
        PrunePlan plan = planPrune(db, catalog);
        applyPrune(catalog, plan);
        progress.progress(ProgressListener.Phase.DONE, 1, 1);
        return new CreateResult(record, null, plan);
    }

    private static boolean sameUtcDay(Instant a, Instant b) {
        return a.atZone(ZoneOffset.UTC).toLocalDate().equals(b.atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static void requireDestinationRoot(DatabaseSettings db) {
        Path root = Path.of(db.destination());
        if (!Files.isDirectory(root)) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the backup destination " + root
                    + " does not exist — connect the drive, create the folder, or choose another with 'lifeboat set "
                    + db.name() + " --dest DIR'");
        }
    }

    private static void requireSpace(DatabaseSettings db, Destination dest) {
        if (!dest.isWritable()) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the backup destination "
                    + dest.describe() + " is not writable — check its permissions or whether it is mounted read-only");
        }
        long need = 2 * SourceCheck.sizeWithWal(db.source());
        long free = dest.usableSpaceBytes();
        if (free >= 0 && free < need) {
            throw new LifeboatException(ErrorCode.NO_SPACE, "not enough free space at " + dest.describe()
                    + ": a backup of " + db.name() + " needs " + Bytes.human(need) + " but only " + Bytes.human(free)
                    + " is free — free up space or choose another destination");
        }
    }

    private static void removeLeftovers(Destination dest) {
        try {
            dest.removeStaleTemporaries();
        } catch (IOException e) {
            // Not fatal: leftovers only take space; the next run tries again.
        }
    }

    // ---- verify ----------------------------------------------------------------------------

    /** Verifies one backup (or all with {@code id == null && all}) and records each result in its sidecar. */
    public List<VerifyOutcome> verify(String name, String id, boolean all, ProgressListener progress,
            Cancellation cancel) {
        DatabaseSettings db = database(name);
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            Catalog.Listing listing = catalog.scan();
            List<BackupRecord> targets = new ArrayList<>();
            if (all) {
                targets.addAll(listing.records());
            } else {
                targets.add(id != null ? find(listing, name, id) : listing.latest().orElseThrow(() -> noBackups(name)));
            }
            List<VerifyOutcome> out = new ArrayList<>();
            for (BackupRecord r : targets) {
                cancel.check();
                out.add(verifyAndRecord(catalog, r, progress, cancel));
            }
            return out;
        }
    }

    private VerifyOutcome verifyAndRecord(Catalog catalog, BackupRecord r, ProgressListener progress,
            Cancellation cancel) {
        VerificationResult result = verifier.verify(r, catalog.destination(), progress, cancel);
        BackupStatus status = r.status() == BackupStatus.SOURCE_CORRUPT ? BackupStatus.SOURCE_CORRUPT
                : result.ok() ? BackupStatus.VERIFIED : BackupStatus.FAILED;
        BackupRecord updated = r.withVerification(result, status);
        try {
            catalog.save(updated);
        } catch (LifeboatException e) {
            // A read-only destination can still be verified; the result just cannot be recorded.
            return new VerifyOutcome(r, result);
        }
        return new VerifyOutcome(updated, result);
    }

    private static BackupRecord find(Catalog.Listing listing, String name, String id) {
        return listing.find(id).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND, "no backup '" + id
                + "' for " + name + " — see 'lifeboat list " + name + "' for the ids"));
    }

    private static LifeboatException noBackups(String name) {
        return new LifeboatException(ErrorCode.NOT_FOUND, name + " has no backups yet — run 'lifeboat backup " + name + "'");
    }

    // ---- restore ---------------------------------------------------------------------------

    /**
     * Verifies the chosen backup, refuses if it fails, saves the current database as a pre-restore
     * backup, and restores atomically (or into {@code request.to()}).
     */
    public RestoreResult restore(String name, RestoreRequest request, ProgressListener progress,
            Cancellation cancel) {
        DatabaseSettings db = database(name);
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            Catalog.Listing listing = catalog.scan();
            BackupRecord backup = request.backupId() != null ? find(listing, name, request.backupId())
                    : listing.latestGood().orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                            name + " has no good backup to restore — see 'lifeboat list " + name + "'"));
            if (backup.status() == BackupStatus.SOURCE_CORRUPT) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                        + " was taken from a damaged database (source-corrupt) — choose another backup");
            }
            progress.progress(ProgressListener.Phase.VERIFY, 0, 1);
            VerifyOutcome v = verifyAndRecord(catalog, backup, progress, cancel);
            if (!v.result().ok()) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                        + " failed verification (" + v.result().summary() + ") — nothing was restored; choose another backup");
            }
            cancel.check();
            if (request.to() != null) {
                return restorer.restoreTo(v.backup(), catalog.destination(), request.to().toAbsolutePath(), progress, cancel);
            }
            requireDestinationRoot(db);
            if (Files.exists(db.source())) {
                requireSpace(db, catalog.destination());
            }
            return restorer.restoreOver(name, v.backup(), catalog, db.source(), progress, cancel);
        }
    }

    // ---- labels, delete, prune -------------------------------------------------------------

    public BackupRecord setPinned(String name, String id, boolean pinned) {
        return modify(name, id, r -> r.withPinned(pinned));
    }

    public BackupRecord setLabels(String name, String id, List<String> tags, String description) {
        return modify(name, id, r -> r.withLabels(tags, description));
    }

    private BackupRecord modify(String name, String id, java.util.function.UnaryOperator<BackupRecord> change) {
        Catalog catalog = catalog(name);
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            BackupRecord updated = change.apply(find(catalog.scan(), name, id));
            catalog.save(updated);
            return updated;
        }
    }

    public BackupRecord delete(String name, String id) {
        Catalog catalog = catalog(name);
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            BackupRecord r = find(catalog.scan(), name, id);
            if (r.pinned()) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "backup " + id
                        + " is pinned — unpin it first with 'lifeboat unpin " + name + " " + id + "'");
            }
            catalog.delete(r);
            return r;
        }
    }

    /** Applies retention now (or only plans it with {@code dryRun}). */
    public PrunePlan prune(String name, boolean dryRun) {
        DatabaseSettings db = database(name);
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            PrunePlan plan = planPrune(db, catalog);
            if (!dryRun) {
                removeLeftovers(catalog.destination());
                applyPrune(catalog, plan);
            }
            return plan;
        }
    }

    private PrunePlan planPrune(DatabaseSettings db, Catalog catalog) {
        Catalog.Listing listing = catalog.scan();
        List<String> leftovers = new ArrayList<>(catalog.orphans(listing));
        return PrunePlanner.plan(listing.records(), new RetentionPolicy(db.maxCount(), db.maxAgeDays()),
                clock.instant(), leftovers);
    }

    private static void applyPrune(Catalog catalog, PrunePlan plan) {
        for (BackupRecord r : plan.deletions()) {
            catalog.delete(r);
        }
        for (String orphan : plan.leftovers()) {
            try {
                catalog.destination().delete(orphan);
            } catch (IOException e) {
                // left for the next prune
            }
        }
    }

    // ---- health and stats ------------------------------------------------------------------

    public DatabaseHealth health(String name) {
        DatabaseSettings db = database(name);
        Destination dest = destinationOf(db);
        Catalog.Listing listing;
        try {
            listing = new Catalog(dest).scan();
        } catch (LifeboatException e) {
            listing = new Catalog.Listing(List.of(), List.of());
        }
        return health.check(db, dest, listing, lastRun(name), clock.instant());
    }

    public List<DatabaseHealth> healthAll() {
        return databases().stream().map(d -> health(d.name())).toList();
    }

    public Stats stats(String name) {
        DatabaseSettings db = database(name);
        List<BackupRecord> rs = list(name).records();
        long stored = rs.stream().mapToLong(BackupRecord::storedSizeBytes).sum();
        long original = rs.stream().mapToLong(BackupRecord::originalSizeBytes).sum();
        double ratio = rs.stream().filter(r -> r.storedSizeBytes() > 0)
                .mapToDouble(r -> (double) r.originalSizeBytes() / r.storedSizeBytes()).average().orElse(0);
        return new Stats(name, rs.size(), (int) rs.stream().filter(BackupRecord::isGood).count(), stored, original,
                rs.isEmpty() ? null : rs.get(rs.size() - 1).createdAt(), rs.isEmpty() ? null : rs.get(0).createdAt(),
                rs.stream().filter(BackupRecord::isGood).map(BackupRecord::createdAt).findFirst().orElse(null),
                ratio, Files.exists(db.source()) ? SourceCheck.sizeWithWal(db.source()) : 0);
    }

    // ---- last run state --------------------------------------------------------------------

    private Path lastRunFile(String name) {
        return home().root().resolve("state").resolve(name + ".json");
    }

    public Optional<LastRun> lastRun(String name) {
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(lastRunFile(name)), LastRun.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void recordRun(String name, LastRun run) {
        try {
            Path f = lastRunFile(name);
            FileSafety.createPrivateDirectories(f.getParent());
            FileSafety.writeAtomically(f, Json.mapper().writeValueAsBytes(run));
        } catch (IOException e) {
            // Losing this note only weakens a warning; the backup itself is what matters.
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
