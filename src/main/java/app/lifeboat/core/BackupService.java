package app.lifeboat.core;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.health.Stats;
import app.lifeboat.core.rekey.RekeyResult;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.config.DatabaseRegistry;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.create.CreateJob;
import app.lifeboat.core.crypto.KeyCheck;
import app.lifeboat.core.config.KeyResolver;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.SettingsStore;
import app.lifeboat.core.create.BackupCreator;
import app.lifeboat.core.create.Preconditions;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.HealthChecker;
import app.lifeboat.core.config.LastRun;
import app.lifeboat.core.config.RunNotes;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import app.lifeboat.core.restore.Restorer;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.retention.PrunePlanner;
import app.lifeboat.core.due.DueOutcome;
import app.lifeboat.core.due.DuePlanner;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.verify.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final DatabaseRegistry registry;
    private final KeyResolver keys;
    private final Clock clock;
    private final ExecutorService checks;
    private final BackupCreator creator;
    private final Verifier verifier;
    private final Restorer restorer;
    private final HealthChecker health = new HealthChecker(HealthChecker.DEFAULT_STALE_AFTER);
    private final ZoneId zone = ZoneId.systemDefault();
    private final java.util.Random random = new java.util.Random();
    private final RunNotes runNotes;

    public BackupService(LifeboatHome home, Clock clock, Map<String, String> env) {
        this.settings = new SettingsStore(home);
        this.registry = new DatabaseRegistry(settings);
        this.keys = new KeyResolver(env);
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
        this.restorer = new Restorer(checks);
        this.runNotes = new RunNotes(home.root().resolve("state"));
    }

    public BackupService(LifeboatHome home, Clock clock) {
        this(home, clock, System.getenv());
    }

    public BackupService(LifeboatHome home) {
        this(home, Clock.systemUTC(), System.getenv());
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
        return registry.get(name);
    }

    /** Registers {@code source}; refuses anything that is not a readable SQLite database. */
    public DatabaseSettings add(Path source, DatabaseOptions o) {
        return add(source, o, Secrets.none());
    }

    /** Registers {@code source}; an encrypted source is opened with its key to detect the scheme. */
    public DatabaseSettings add(Path source, DatabaseOptions o, Secrets secrets) {
        return registry.add(source, o,
                opts -> secrets.databaseKey() != null ? secrets.databaseKey() : keys.secretFrom(opts.keyEnv(), opts.keyFile()));
    }

    /** Refuses anything that is not a readable SQLite database, without saving anything (the GUI's file check). */
    public void checkSource(Path source) {
        SourceCheck.requireReadable(source.toAbsolutePath().normalize());
    }

    /** Changes the settings of {@code name}; null options are left as they are. */
    public DatabaseSettings update(String name, DatabaseOptions o) {
        return registry.update(name, o);
    }

    public DatabaseSettings setEnabled(String name, boolean enabled) {
        return update(name, new DatabaseOptions(null, null, null, null, null, enabled, null));
    }

    /** Forgets the database; its backups stay on disk. */
    public DatabaseSettings remove(String name) {
        return registry.remove(name);
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
        return create(name, request, Secrets.none(), progress, cancel);
    }

    /** Takes a backup now with the given secrets (database key, age passphrase), then applies retention. */
    public CreateResult create(String name, CreateRequest request, Secrets secrets, ProgressListener progress,
            Cancellation cancel) {
        DatabaseSettings db = database(name);
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            try {
                return createLocked(db, catalog, request, secrets, progress, cancel);
            } catch (LifeboatException e) {
                if (e.code() != ErrorCode.CANCELLED) {
                    runNotes.recordBackup(name, new LastRun(clock.instant(), false, e.getMessage(), null));
                }
                throw e;
            }
        }
    }

    private CreateResult createLocked(DatabaseSettings db, Catalog catalog, CreateRequest request, Secrets secrets,
            ProgressListener progress, Cancellation cancel) {
        progress.progress(ProgressListener.Phase.PREPARE, 0, 1);
        Destination dest = catalog.destination();
        Preconditions.requireDestinationRoot(db);
        removeLeftovers(db, dest);
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
        Preconditions.requireSource(db);
        Preconditions.requireSpace(db, dest);
        BackupRecord record = creator.create(job(db, db.source(), dest, request, secrets), progress, cancel);
        catalog.save(record);
        runNotes.recordBackup(db.name(), new LastRun(record.createdAt(), record.isGood(),
                record.isGood() ? "ok" : "the source database failed SQLite's quick_check", record.id()));
        PrunePlan plan = planPrune(db, catalog);
        applyPrune(catalog, plan);
        progress.progress(ProgressListener.Phase.DONE, 1, 1);
        return new CreateResult(record, null, plan);
    }

    /** Resolves settings and secrets into what the creator needs; fails early if a key is missing. */
    private CreateJob job(DatabaseSettings db, Path source, Destination dest, CreateRequest request, Secrets secrets) {
        DatabaseKey key = keys.databaseKey(db, secrets);
        Compression compression = db.effectiveCompression();
        BackupFormat format = new BackupFormat(compression, compression.level(db.compressionLevel()), db.ageEncrypted());
        List<String> labels = new ArrayList<>(db.encryptTo());
        if (db.passphraseEnv() != null || db.passphraseFile() != null) {
            labels.add("scrypt");
        }
        return new CreateJob(db.name(), source, key, dest, scratchDir(db.name()), format,
                keys.backupRecipients(db, secrets), labels, request);
    }

    private Path scratchDir(String name) {
        return home().root().resolve("tmp").resolve(name);
    }

    private static boolean sameUtcDay(Instant a, Instant b) {
        return a.atZone(ZoneOffset.UTC).toLocalDate().equals(b.atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** Removes what a killed run left: temporaries in the destination and in the local scratch folder. */
    private void removeLeftovers(DatabaseSettings db, Destination dest) {
        try {
            dest.removeStaleTemporaries();
            new LocalFolderDestination(scratchDir(db.name())).removeStaleTemporaries();
        } catch (IOException e) {
            // Not fatal: leftovers only take space; the next run tries again.
        }
    }

    // ---- verify ----------------------------------------------------------------------------

    /** Verifies one backup (or all with {@code id == null && all}) and records each result in its sidecar. */
    public List<VerifyOutcome> verify(String name, String id, boolean all, ProgressListener progress,
            Cancellation cancel) {
        return verify(name, id, all, Secrets.none(), progress, cancel);
    }

    /** Like {@link #verify(String, String, boolean, ProgressListener, Cancellation)} with secrets for encrypted backups. */
    public List<VerifyOutcome> verify(String name, String id, boolean all, Secrets secrets, ProgressListener progress,
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
            Verifier.Keys k = readKeys(db, secrets);
            List<VerifyOutcome> out = new ArrayList<>();
            for (BackupRecord r : targets) {
                cancel.check();
                try (Verifier.Checked c = verifier.check(r, catalog.destination(), k, progress, cancel)) {
                    out.add(record(catalog, r, c.result()));
                }
            }
            return out;
        }
    }

    /** The keys for reading backups; a missing database key only matters when a backup needs it. */
    private Verifier.Keys readKeys(DatabaseSettings db, Secrets secrets) {
        DatabaseKey key = null;
        if (db.sourceEncrypted()) {
            try {
                key = keys.databaseKey(db, secrets);
            } catch (LifeboatException e) {
                key = null; // verify falls back to the checksum and says the deep check needs the key
            }
        }
        return new Verifier.Keys(key, keys.identities(db, secrets), scratchDir(db.name()));
    }

    private VerifyOutcome record(Catalog catalog, BackupRecord r, VerificationResult result) {
        BackupStatus status = r.status() == BackupStatus.SOURCE_CORRUPT ? BackupStatus.SOURCE_CORRUPT
                : !result.ok() ? BackupStatus.FAILED : result.deep() ? BackupStatus.VERIFIED : r.status();
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
        return restore(name, request, Secrets.none(), progress, cancel);
    }

    /** Like {@link #restore(String, RestoreRequest, ProgressListener, Cancellation)} with secrets for encrypted backups. */
    public RestoreResult restore(String name, RestoreRequest request, Secrets secrets, ProgressListener progress,
            Cancellation cancel) {
        DatabaseSettings db = database(name);
        if (request.to() != null) {
            requireNewFile(request.to().toAbsolutePath()); // before minutes of verification, not after
        }
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            // A restore killed while saving the pre-restore backup leaves a staged file; with the
            // lock held nothing else can be writing one, so clear them as create and prune do.
            removeLeftovers(db, catalog.destination());
            Catalog.Listing listing = catalog.scan();
            BackupRecord backup = request.backupId() != null ? find(listing, name, request.backupId())
                    : listing.latestGood().orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                            name + " has no good backup to restore — see 'lifeboat list " + name + "'"));
            if (backup.status() == BackupStatus.SOURCE_CORRUPT) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                        + " was taken from a damaged database (source-corrupt) — choose another backup");
            }
            progress.progress(ProgressListener.Phase.VERIFY, 0, 1);
            Verifier.Keys k = readKeys(db, secrets);
            if (db.sourceEncrypted() && k.databaseKey() == null) {
                keys.databaseKey(db, secrets); // throws the clear "key not available" error
            }
            if (backup.format().ageEncrypted() && k.identities().isEmpty()) {
                throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "backup " + backup.id()
                        + " is age-encrypted — give its identity with --identity FILE or its passphrase with --passphrase-env VAR");
            }
            try (Verifier.Checked checked = verifier.check(backup, catalog.destination(), k, progress, cancel)) {
                VerifyOutcome v = record(catalog, backup, checked.result());
                if (!v.result().ok()) {
                    throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + backup.id()
                            + " failed verification (" + v.result().summary() + ") — nothing was restored; choose another backup");
                }
                cancel.check();
                return restoreVerified(db, catalog, v.backup(), checked.plainFile(), request, k.databaseKey(), secrets,
                        progress, cancel);
            }
        }
    }

    private static void requireNewFile(Path to) {
        if (Files.exists(to)) {
            throw new LifeboatException(ErrorCode.ALREADY_EXISTS, to + " already exists — choose a new file name for --to");
        }
        if (to.getParent() == null || !Files.isDirectory(to.getParent())) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "the folder " + to.getParent() + " does not exist — create it first");
        }
    }

    private RestoreResult restoreVerified(DatabaseSettings db, Catalog catalog, BackupRecord backup, Path plain,
            RestoreRequest request, DatabaseKey key, Secrets secrets, ProgressListener progress, Cancellation cancel) {
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
        Preconditions.requireSpace(db, catalog.destination());
        if (Restorer.isReadableDatabase(target, key)) {
            progress.progress(ProgressListener.Phase.SAFETY_COPY, 0, 1);
            BackupRecord safety = creator.create(job(db, target, catalog.destination(), new CreateRequest(
                    BackupType.PRE_RESTORE, true, List.of(), "before restoring " + backup.id()), secrets), progress, cancel);
            catalog.save(safety);
            cancel.check();
            String note = restorer.restoreInPlace(backup, plain, target, key, progress);
            return new RestoreResult(backup, target, safety, null, note);
        }
        // The current file is not a database SQLite can read, so it can neither be backed up the
        // normal way nor written through SQLite: keep a copy of its bytes, then replace it by rename.
        Path aside = Restorer.setAside(target);
        restorer.restoreAsNewFile(backup, plain, target, key, progress, cancel);
        return new RestoreResult(backup, target, null, aside);
    }

    /**
     * Replaces the backups made under a previous key of an encrypted database with one fresh backup
     * under the current key: the fresh one is written and verified before any old one is deleted.
     * Pinned old backups are kept.
     */
    public RekeyResult rekeyBackups(String name, Secrets secrets, ProgressListener progress, Cancellation cancel) {
        DatabaseSettings db = database(name);
        if (!db.sourceEncrypted()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, name + " is not an encrypted database — its backups"
                    + " need no key; nothing to do");
        }
        Catalog catalog = new Catalog(destinationOf(db));
        try (DatabaseLock lock = DatabaseLock.acquire(home().locksDir(), name)) {
            String current = KeyCheck.of(keys.databaseKey(db, secrets), name);
            Preconditions.requireDestinationRoot(db);
            Preconditions.requireSpace(db, catalog.destination());
            BackupRecord fresh = creator.create(job(db, db.source(), catalog.destination(), new CreateRequest(
                    BackupType.MANUAL, true, List.of("rekey"), "fresh backup under the current key"), secrets),
                    progress, cancel);
            catalog.save(fresh);
            VerifyOutcome v;
            try (Verifier.Checked c = verifier.check(fresh, catalog.destination(), readKeys(db, secrets), progress, cancel)) {
                v = record(catalog, fresh, c.result());
            }
            if (!v.result().ok() || !v.result().deep() || !fresh.isGood()) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the fresh backup " + fresh.id()
                        + " did not pass verification (" + v.result().summary() + ") — no old backup was deleted");
            }
            List<BackupRecord> deleted = new ArrayList<>();
            List<BackupRecord> pinned = new ArrayList<>();
            for (BackupRecord r : catalog.scan().records()) {
                if (r.keyCheck() == null || r.keyCheck().equals(current)) {
                    continue;
                }
                if (r.pinned()) {
                    pinned.add(r);
                } else {
                    catalog.delete(r);
                    deleted.add(r);
                }
            }
            return new RekeyResult(v.backup(), deleted, pinned);
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
                removeLeftovers(db, catalog.destination());
                applyPrune(catalog, plan);
            }
            return plan;
        }
    }

    private PrunePlan planPrune(DatabaseSettings db, Catalog catalog) {
        Catalog.Listing listing = catalog.scan();
        List<String> leftovers = new ArrayList<>(catalog.orphans(listing));
        return PrunePlanner.plan(listing.records(), db.retentionPolicy(),
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
        return health.check(db, dest, listing, lastRun(name), currentKeyCheck(db), clock.instant());
    }

    /** The key check of the current key, when the key can be read without asking anyone. */
    private Optional<String> currentKeyCheck(DatabaseSettings db) {
        if (!db.sourceEncrypted()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyCheck.of(keys.databaseKey(db, Secrets.none()), db.name()));
        } catch (LifeboatException e) {
            return Optional.empty();
        }
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

    // ---- schedules -------------------------------------------------------------------------

    /**
     * Runs every backup and re-verification that is due now, one database at a time, through the
     * same locks as everything else: a database busy with another operation is skipped this round.
     */
    public List<DueOutcome> runDue(ProgressListener progress, Cancellation cancel) {
        List<DueOutcome> out = new ArrayList<>();
        Instant now = clock.instant();
        for (DatabaseSettings db : databases()) {
            cancel.check();
            List<BackupRecord> records = safeList(db);
            if (DuePlanner.backupDue(db, records, lastRun(db.name()), now, zone)) {
                out.add(runScheduledBackup(db, progress, cancel));
                records = safeList(db);
            }
            if (DuePlanner.reverifyDue(db, records, lastReverify(db.name()).map(LastRun::at), now)) {
                out.addAll(reverify(db, records, progress, cancel));
            }
        }
        return out;
    }

    /** When the next scheduled backup of {@code name} is due, if it has a schedule. */
    public Optional<Instant> nextScheduledBackup(String name) {
        DatabaseSettings db = database(name);
        return DuePlanner.nextBackup(db, safeList(db), lastRun(name), clock.instant(), zone);
    }

    private List<BackupRecord> safeList(DatabaseSettings db) {
        try {
            return new Catalog(destinationOf(db)).scan().records();
        } catch (LifeboatException e) {
            return List.of();
        }
    }

    private DueOutcome runScheduledBackup(DatabaseSettings db, ProgressListener progress, Cancellation cancel) {
        try {
            CreateResult r = create(db.name(), new CreateRequest(BackupType.SCHEDULED, false, List.of(), null),
                    Secrets.none(), progress, cancel);
            if (r.skipped()) {
                return new DueOutcome(db.name(), "backup", true, "skipped: " + r.skippedReason(), null);
            }
            return new DueOutcome(db.name(), "backup", r.backup().isGood(), r.backup().isGood() ? "ok"
                    : "the database failed SQLite's quick_check (source-corrupt)", r.backup().id());
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
        List<BackupRecord> good = records.stream().filter(BackupRecord::isGood).toList();
        List<String> ids = new ArrayList<>();
        ids.add(records.get(0).id());
        if (good.size() > 1) {
            List<BackupRecord> older = good.stream().filter(r -> !r.id().equals(records.get(0).id())).toList();
            ids.add(older.get(random.nextInt(older.size())).id());
        }
        List<DueOutcome> out = new ArrayList<>();
        for (String id : ids) {
            try {
                VerifyOutcome v = verify(db.name(), id, false, Secrets.none(), progress, cancel).get(0);
                out.add(new DueOutcome(db.name(), "reverify", v.result().ok(), v.result().summary(), id));
            } catch (LifeboatException e) {
                if (e.code() == ErrorCode.CANCELLED) {
                    throw e;
                }
                out.add(new DueOutcome(db.name(), "reverify", e.code() == ErrorCode.BUSY, e.getMessage(), id));
            }
        }
        boolean ok = out.stream().allMatch(DueOutcome::ok);
        runNotes.recordReverify(db.name(), new LastRun(clock.instant(), ok, ok ? "ok" : "failed", null));
        return out;
    }

    public Optional<LastRun> lastReverify(String name) {
        return runNotes.lastReverify(name);
    }

    public Optional<LastRun> lastRun(String name) {
        return runNotes.lastBackup(name);
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
