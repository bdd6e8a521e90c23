package app.lifeboat.core;

import app.lifeboat.core.destination.DestinationCheck;
import app.lifeboat.core.destination.DestinationRegistry;
import app.lifeboat.core.copy.CopyOutcome;
import app.lifeboat.core.copy.QuickCheck;
import app.lifeboat.core.config.PendingCopy;
import app.lifeboat.core.config.DestinationSecrets;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.HomeChanges;
import app.lifeboat.core.config.LastRun;
import app.lifeboat.core.incremental.StoreCheck;
import app.lifeboat.core.incremental.VersionSizes;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.SettingsStore;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.CreateResult;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.demo.DemoDatabase;
import app.lifeboat.core.due.DueOutcome;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.Stats;
import app.lifeboat.core.rekey.RekeyResult;
import app.lifeboat.core.restore.RestoreRequest;
import app.lifeboat.core.restore.RestoreResult;
import app.lifeboat.core.restore.TableRestoreResult;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.sqlite.SqliteFile;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.core.workspace.Workspace;
import app.lifeboat.core.workspace.Workspaces;
import app.lifeboat.core.keyring.JavaKeyring;
import app.lifeboat.core.keyring.SystemKeyring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's front door, the only one the CLI and the GUI use: one-line delegations to one
 * class per operation, each run in a workspace (locked when it changes backups).
 */
public final class BackupService implements AutoCloseable {
    /** How long a keyring call may wait: a locked keyring's unlock prompt with nobody there would wait forever. */
    private static final Duration KEYRING_TIMEOUT = Duration.ofSeconds(30);

    private final Operations ops;
    private final Workspaces workspaces;
    private final BackupInspector inspector;

    public BackupService(LifeboatHome home, Clock clock, Map<String, String> env) {
        this(home, clock, env, new JavaKeyring(env, KEYRING_TIMEOUT));
    }

    /** An engine whose destination secrets live in {@code keyring} (tests: a keyring that is not there). */
    public BackupService(LifeboatHome home, Clock clock, Map<String, String> env, SystemKeyring keyring) {
        this.ops = Operations.wire(home, clock, env, keyring);
        this.workspaces = ops.workspaces();
        this.inspector = new BackupInspector(ops, workspaces);
    }

    public BackupService(LifeboatHome home) {
        this(home, Clock.systemUTC(), System.getenv());
    }

    /** Tables, queries, browsing and diffs of backups. */
    public BackupInspector inspector() {
        return inspector;
    }

    public LifeboatHome home() {
        return workspaces.home();
    }

    public Clock clock() {
        return workspaces.clock();
    }

    public List<DatabaseSettings> databases() {
        return workspaces.databases();
    }

    public DatabaseSettings database(String name) {
        return workspaces.registry().get(name);
    }

    public DatabaseSettings add(Path source, DatabaseOptions o) {
        return add(source, o, Secrets.none());
    }

    /** Registers {@code source}; an encrypted source is opened with its key to detect the scheme. */
    public DatabaseSettings add(Path source, DatabaseOptions o, Secrets s) {
        return workspaces.register(source, o, s);
    }

    /** Refuses anything that is not a SQLite database, saving nothing; true when it is encrypted (a key is needed). */
    public boolean inspectSource(Path source) {
        if (SqliteFile.looksEncrypted(source)) {
            return true;
        }
        SourceCheck.requireReadable(source.toAbsolutePath().normalize());
        return false;
    }

    /** Changes the settings of {@code name}; null options are left as they are. */
    public DatabaseSettings update(String name, DatabaseOptions o) {
        return workspaces.registry().update(name, o);
    }

    /** Stores the next backups of {@code name} as full files or as versions of an incremental store. */
    public DatabaseSettings setStorage(String name, Storage storage) {
        return workspaces.registry().setStorage(name, storage);
    }

    public DatabaseSettings setEnabled(String name, boolean enabled) {
        return update(name, new DatabaseOptions(null, null, null, null, null, enabled, null));
    }

    /** Forgets the database; its backups stay on disk. */
    public DatabaseSettings remove(String name) {
        return workspaces.registry().remove(name);
    }

    public Catalog.Listing list(String name) {
        return workspaces.look(name, Workspace::listingEverywhere);
    }

    /** Where a stored file of {@code name}'s destination is, in words a person can find. */
    public String locationOf(String name, String file) {
        return workspaces.look(name, ws -> ws.destination().locationOf(file));
    }

    /** Takes a backup now, then applies retention. */
    public CreateResult create(String name, CreateRequest r, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "backup", s, ws -> ops.create().run(ws, r, p, c));
    }

    /** Verifies the backups {@code which} names and records each result in its sidecar. */
    public List<VerifyOutcome> verify(String name, VerifyRequest which, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "verification", s, ws -> ops.verify().run(ws, which, p, c));
    }

    /** Verifies the chosen backup, keeps a pre-restore backup of what it replaces, restores atomically. */
    /**
     * Checks {@code name}'s whole incremental store: every pack present with its size, a random
     * {@code readFraction} (0..1) of them read and authenticated, every version complete.
     */
    public StoreCheck verifyStore(String name, double readFraction, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "verify", s, ws -> ops.verify().store(ws, readFraction, p, c));
    }

    /**
     * Converts backup {@code id} of {@code name} (null: all of them) to {@code to} storage, keeping
     * ids, labels and pins; returns the backups converted. The setting for new backups is separate.
     */
    public List<BackupRecord> convert(String name, String id, Storage to, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "convert", s, ws -> ops.convert().run(ws, id, to, p, c));
    }

    public RestoreResult restore(String name, RestoreRequest r, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "restore", s, ws -> ops.restore().run(ws, r, p, c));
    }

    /**
     * Puts tables of a backup (the newest good one when {@code id} is null) back into the live
     * database, or one table beside the others as {@code asName}, after a pre-restore backup.
     */
    public TableRestoreResult restoreTables(String name, String id, List<String> tables, String asName, Secrets s,
            ProgressListener p, Cancellation c) {
        return workspaces.change(name, "table restore", s, ws -> ops.restore().restoreTables(ws, id, tables, asName, p, c));
    }

    /** Replaces backups made under an encrypted database's previous key with one verified fresh backup. */
    public RekeyResult rekeyBackups(String name, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "rekey", s, ws -> ops.rekey().run(ws, p, c));
    }

    public BackupRecord setPinned(String name, String id, boolean pinned) {
        return workspaces.change(name, "pin", Secrets.none(), ws -> ops.edit().setPinned(ws, id, pinned));
    }

    public BackupRecord setLabels(String name, String id, List<String> tags, String description) {
        return workspaces.change(name, "label", Secrets.none(), ws -> ops.edit().setLabels(ws, id, tags, description));
    }

    public BackupRecord delete(String name, String id) {
        return workspaces.change(name, "delete", Secrets.none(), ws -> ops.edit().delete(ws, id));
    }

    /** Applies retention now (or only plans it with {@code dryRun}). */
    public PrunePlan prune(String name, boolean dryRun) {
        return workspaces.change(name, "prune", Secrets.none(), ws -> ops.prune().run(ws, dryRun));
    }

    public DatabaseHealth health(String name) {
        return workspaces.look(name, ops.health()::health);
    }

    /**
     * Per version of {@code name}'s incremental store: the stored bytes only it holds (what deleting
     * it frees) and all it uses; empty when it has no store. Reads every version's page tree.
     */
    public List<VersionSizes> versionSizes(String name, Cancellation c) {
        return workspaces.look(name, ws -> ops.health().versionSizes(ws, c));
    }

    public Stats stats(String name) {
        return workspaces.look(name, ops.health()::stats);
    }

    /** Runs every backup and re-verification due now; a database busy with another operation is skipped. */
    public List<DueOutcome> runDue(ProgressListener p, Cancellation c) {
        return ops.runDue().run(p, c);
    }

    /** The named destinations backups can be copied to. */
    public List<DestinationSettings> destinations() {
        return workspaces.destinationRegistry().list();
    }

    public DestinationSettings addDestination(DestinationSettings d) {
        return workspaces.destinationRegistry().add(d);
    }

    /** Registers {@code d}, keeping {@code secrets} in the system keyring first (nothing is registered when it cannot). */
    public DestinationSettings addDestination(DestinationSettings d, DestinationSecrets secrets) {
        return workspaces.destinationRegistry().add(d, secrets);
    }

    /** Changes a destination as {@link #editDestination(DestinationSettings)}, keeping {@code secrets} in the keyring first. */
    public DestinationSettings editDestination(DestinationSettings d, DestinationSecrets secrets) {
        return workspaces.destinationRegistry().edit(d, secrets);
    }

    /**
     * Empty when the system keyring can keep destination secrets here, else why not in one sentence.
     * It asks the keyring (up to seconds when it hangs): call it off the UI thread.
     */
    public Optional<String> keyringUnavailable() {
        return Optional.ofNullable(workspaces.destinations().keyring().unavailableReason());
    }

    /** The destination named {@code name}; an unknown name is a NOT_FOUND error. */
    public DestinationSettings destination(String name) {
        return workspaces.destinationRegistry().get(name);
    }

    /** Changes an existing destination's settings; its name and kind stay (see {@link DestinationRegistry#edit}). */
    public DestinationSettings editDestination(DestinationSettings d) {
        return workspaces.destinationRegistry().edit(d);
    }

    /** Forgets a destination no database copies to; what is stored there stays. */
    public DestinationSettings removeDestination(String name) {
        return workspaces.destinationRegistry().remove(name);
    }

    /**
     * Trusts the SSH host key with this fingerprint ({@code SHA256:...}) for {@code name}, as the
     * user confirmed with the server's owner; a changed key is still refused.
     */
    public DestinationSettings acceptHostKey(String name, String fingerprint) {
        return workspaces.destinationRegistry().acceptHostKey(name, fingerprint);
    }

    /** Connects, writes, reads back and deletes a probe object, and reports each step. */
    public DestinationCheck.Result testDestination(String name) {
        return ops.copy().test(workspaces, name);
    }

    /** Copies every new backup of {@code name} to {@code target}'s destination from now on, with its retention. */
    public DatabaseSettings copyTo(String name, CopyTarget target) {
        return workspaces.destinationRegistry().setCopy(name, target.destination(), target);
    }

    /** Stops copying {@code name}'s backups to {@code destination}; the copies there stay, its queued copies are dropped. */
    public DatabaseSettings stopCopyingTo(String name, String destination) {
        DatabaseSettings d = workspaces.destinationRegistry().setCopy(name, destination, null);
        workspaces.copyQueue().forget(name, destination);
        return d;
    }

    /** The copies of {@code name} waiting for their destination. */
    public List<PendingCopy> pendingCopies(String name) {
        return workspaces.copyQueue().of(name);
    }

    /**
     * Copies an existing backup ({@code id}, or the newest good) to {@code destination}, or to every
     * copy destination when it is null.
     */
    public List<CopyOutcome> copyNow(String name, String id, String destination, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "copy", Secrets.none(), ws -> ops.copy().copyNow(ws, id, destination, p, c));
    }

    /** Sends {@code name}'s queued copies now, whatever their backoff. */
    public List<CopyOutcome> retryCopies(String name, ProgressListener p, Cancellation c) {
        return workspaces.change(name, "copy", Secrets.none(), ws -> ops.copy().retry(ws, true, p, c));
    }

    /** The copies of {@code name} at the named destination, read from its sidecars. */
    public Catalog.Listing listAt(String name, String destination) {
        return workspaces.changeAt(name, destination, "listing", Secrets.none(), Workspace::listingEverywhere);
    }

    /** Verifies copies at the named destination (downloading each into the private temp folder). */
    public List<VerifyOutcome> verifyAt(String name, String destination, VerifyRequest which, Secrets s,
            ProgressListener p, Cancellation c) {
        return workspaces.changeAt(name, destination, "verification", s, ws -> ops.verify().run(ws, which, p, c));
    }

    /** As {@link #verifyStore}, for the incremental store of {@code name}'s copies at the named destination. */
    public StoreCheck verifyStoreAt(String name, String destination, double readFraction, Secrets s, ProgressListener p,
            Cancellation c) {
        return workspaces.changeAt(name, destination, "verify", s, ws -> ops.verify().store(ws, readFraction, p, c));
    }

    /** Checks the copies at the named destination without downloading them (sizes, the server's SHA-256). */
    public List<QuickCheck> quickCheckAt(String name, String destination) {
        return workspaces.changeAt(name, destination, "quick check", Secrets.none(), ops.copy()::quickCheck);
    }

    /** Restores a copy from the named destination: downloaded, verified, then restored as from the database's own. */
    public RestoreResult restoreFrom(String name, String destination, RestoreRequest r, Secrets s, ProgressListener p,
            Cancellation c) {
        return workspaces.changeAt(name, destination, "restore", s, ws -> ops.restore().run(ws, r, p, c));
    }

    /** {@link #restoreTables} from a copy at the named destination (the pre-restore backup goes to the database's own). */
    public TableRestoreResult restoreTablesFrom(String name, String destination, String id, List<String> tables,
            String asName, Secrets s, ProgressListener p, Cancellation c) {
        return workspaces.changeAt(name, destination, "table restore", s,
                ws -> ops.restore().restoreTables(ws, id, tables, asName, p, c));
    }

    public Optional<LastRun> lastRun(String name) {
        return workspaces.runNotes().lastBackup(name);
    }

    /** What is running on {@code name} now, in any process ("scheduled backup (pid 812, since ...)"), or empty. */
    public Optional<String> running(String name) {
        return workspaces.running(name);
    }

    /** A value that differs whenever settings, last runs or any catalog changed on disk (cheap to poll). */
    public long changeStamp(List<DatabaseSettings> known) {
        return HomeChanges.stamp(home(), known);
    }

    /** Writes a new age identity file (0600) and returns its public key. */
    public String newIdentityFile(Path file) {
        return AgeKeys.writeIdentityFile(file);
    }

    /** Writes a small sample database to try Lifeboat with. */
    public Path createDemoDatabase(Path file) {
        return DemoDatabase.create(file);
    }

    public Map<String, String> preferences() {
        return new SettingsStore(home()).load().preferences();
    }

    public void setPreference(String key, String value) {
        new SettingsStore(home()).update(s -> s.withPreference(key, value));
    }

    @Override
    public void close() {
        ops.checks().shutdownNow();
    }
}
