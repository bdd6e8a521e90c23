package app.lifeboat.core.workspace;

import app.lifeboat.core.base.DatabaseName;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.keyring.SystemKeyring;
import app.lifeboat.core.config.CopyQueue;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DatabaseRegistry;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.KeyResolver;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.RunNotes;
import app.lifeboat.core.config.SettingsStore;
import app.lifeboat.core.destination.DestinationRegistry;
import app.lifeboat.core.destination.Destinations;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The one place operations get a {@link Workspace} from: settings, destination, scratch folder and lock. */
public final class Workspaces {
    /** What every workspace of one engine shares. */
    record Shared(KeyResolver keys, Clock clock, ZoneId zone, RunNotes runNotes, Destinations destinations,
            DestinationRegistry destinationRegistry, CopyQueue copyQueue, Path incrementalCache) {}

    private final LifeboatHome home;
    private final SettingsStore settings;
    private final DatabaseRegistry registry;
    private final Shared shared;

    public Workspaces(LifeboatHome home, KeyResolver keys, Clock clock, SystemKeyring keyring) {
        this.home = home;
        this.settings = new SettingsStore(home);
        this.registry = new DatabaseRegistry(settings);
        Path state = home.root().resolve("state");
        this.shared = new Shared(keys, clock, ZoneId.systemDefault(), new RunNotes(state), new Destinations(home, keys.env(), keyring),
                new DestinationRegistry(settings, keyring), new CopyQueue(state), home.root().resolve("cache").resolve("incremental"));
    }

    public LifeboatHome home() {
        return home;
    }

    public DatabaseRegistry registry() {
        return registry;
    }

    public KeyResolver keys() {
        return shared.keys();
    }

    public Clock clock() {
        return shared.clock();
    }

    public ZoneId zone() {
        return shared.zone();
    }

    public RunNotes runNotes() {
        return shared.runNotes();
    }

    public DestinationRegistry destinationRegistry() {
        return shared.destinationRegistry();
    }

    public Destinations destinations() {
        return shared.destinations();
    }

    public CopyQueue copyQueue() {
        return shared.copyQueue();
    }

    /**
     * Runs {@code op} on the copies of {@code name} at the named destination, locked. On a fresh
     * home (a new computer) {@code name} need not be registered: the sidecars there are the catalog,
     * and restoring into a new file works without any other setting.
     */
    public <T> T changeAt(String name, String destinationName, String what, Secrets secrets, Function<Workspace, T> op) {
        DatabaseSettings db = registry.find(name).orElseGet(() -> unregistered(name));
        DatabaseLock lock = DatabaseLock.acquire(home.locksDir(), name, what);
        try (Workspace ws = new Workspace(db, destinationOf(db), List.of(), scratchDir(db), secrets, shared, lock)) {
            ws.readFrom(ws.copyDestination(destinationName));
            return op.apply(ws);
        }
    }

    /**
     * Runs {@code op} on the copies of {@code name} at the named destination without the lock, to
     * look only (tables, queries, diffs), so a running backup does not block it.
     */
    public <T> T lookAt(String name, String destinationName, Secrets secrets, Function<Workspace, T> op) {
        DatabaseSettings db = registry.find(name).orElseGet(() -> unregistered(name));
        try (Workspace ws = new Workspace(db, destinationOf(db), List.of(), scratchDir(db), secrets, shared, null)) {
            ws.readFrom(ws.copyDestination(destinationName));
            return op.apply(ws);
        }
    }

    /** Settings for a database known only by its copies: its own destination is the home's default. */
    private DatabaseSettings unregistered(String name) {
        return new DatabaseSettings(DatabaseName.require(name), home.root().resolve("not-registered").toString(),
                home.defaultDestination().toString(), false, 0, 0, false, null);
    }

    public List<DatabaseSettings> databases() {
        return settings.load().databases();
    }

    /** Registers {@code source}; an encrypted source is opened with its key to detect the scheme. */
    public DatabaseSettings register(Path source, DatabaseOptions o, Secrets s) {
        return registry.add(source, o, opts -> s.databaseKey() != null ? s.databaseKey()
                : shared.keys().secretFrom(opts.keyEnv(), opts.keyFile()));
    }

    /** Opens {@code name} for an operation that changes its backups: waits for nobody, fails if it is busy. */
    public Workspace open(String name, String what, Secrets secrets) {
        DatabaseSettings db = registry.get(name);
        DatabaseLock lock = DatabaseLock.acquire(home.locksDir(), name, what);
        return new Workspace(db, destinationOf(db), formerOf(db), scratchDir(db), secrets, shared, lock);
    }

    /** Opens {@code name} to look only (health, listing, stats): no lock, so a running backup does not block it. */
    public Workspace view(String name) {
        return view(registry.get(name));
    }

    public Workspace view(DatabaseSettings db) {
        return new Workspace(db, destinationOf(db), formerOf(db), scratchDir(db), Secrets.none(), shared, null);
    }

    /**
     * Runs {@code op} in {@code name}'s workspace, locked, and closes it.
     *
     * @param what the operation, as other processes will see it while it holds the lock ("backup")
     */
    public <T> T change(String name, String what, Secrets secrets, Function<Workspace, T> op) {
        try (Workspace ws = open(name, what, secrets)) {
            return op.apply(ws);
        }
    }

    /**
     * A read-only view of {@code name} (no lock) with the secrets given for reading its backups,
     * for a session that outlives one call (a backup browser): the caller closes it.
     */
    public Workspace view(String name, Secrets secrets) {
        DatabaseSettings db = registry.get(name);
        return new Workspace(db, destinationOf(db), formerOf(db), scratchDir(db), secrets, shared, null);
    }

    /** Runs {@code op} in a read-only view of {@code name} (no lock) with the secrets given for reading its backups. */
    public <T> T look(String name, Secrets secrets, Function<Workspace, T> op) {
        DatabaseSettings db = registry.get(name);
        try (Workspace ws = new Workspace(db, destinationOf(db), formerOf(db), scratchDir(db), secrets, shared, null)) {
            return op.apply(ws);
        }
    }

    /** Runs {@code op} in a read-only view of {@code name} (no lock). */
    public <T> T look(String name, Function<Workspace, T> op) {
        try (Workspace ws = view(name)) {
            return op.apply(ws);
        }
    }

    /** What holds {@code name}'s lock now (e.g. "scheduled backup (pid 812, since ...)"), or empty. */
    public Optional<String> running(String name) {
        return DatabaseLock.holder(home.locksDir(), name);
    }

    private static Destination destinationOf(DatabaseSettings db) {
        return new LocalFolderDestination(db.backupFolder());
    }

    private static List<Destination> formerOf(DatabaseSettings db) {
        return db.formerBackupFolders().stream().<Destination>map(LocalFolderDestination::new).toList();
    }

    private Path scratchDir(DatabaseSettings db) {
        return home.root().resolve("tmp").resolve(db.name());
    }
}
