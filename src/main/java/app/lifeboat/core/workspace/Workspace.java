package app.lifeboat.core.workspace;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.CopyQueue;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyResolver;
import app.lifeboat.core.config.RunNotes;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.StoreAccess;
import app.lifeboat.core.incremental.StoreProbe;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.catalog.CatalogProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Clock;
import java.time.ZoneId;

/**
 * One database opened for one operation: its settings, catalog, destination, private scratch
 * folder, the secrets given for this operation and, for operations that change its backups, its
 * cross-process lock. Obtained from {@link Workspaces}; closing it releases the lock.
 */
public final class Workspace implements AutoCloseable {
    /** The folder (key prefix) of a destination that holds its incremental store. */
    public static final String INCREMENTAL_FOLDER = "incremental";

    private final DatabaseSettings db;
    private final Catalog catalog;
    private final List<Catalog> former;
    private final Map<String, Catalog> elsewhere = new HashMap<>();
    private Catalog readingFrom;
    private final Path scratchDir;
    private final Secrets secrets;
    private final Workspaces.Shared shared;
    private final DatabaseLock lock;

    Workspace(DatabaseSettings db, Destination destination, List<Destination> former, Path scratchDir, Secrets secrets,
            Workspaces.Shared shared, DatabaseLock lock) {
        this.db = db;
        this.catalog = new Catalog(destination);
        this.former = former.stream().map(Catalog::new).toList();
        this.scratchDir = scratchDir;
        this.secrets = secrets;
        this.shared = shared;
        this.lock = lock;
    }

    public DatabaseSettings db() {
        return db;
    }

    public String name() {
        return db.name();
    }

    public Catalog catalog() {
        return catalog;
    }

    public Destination destination() {
        return catalog.destination();
    }

    /**
     * The backups at the destination and at the former destinations the database moved away from
     * (newest first), with where each of the latter lives. Backups are written, pruned and counted
     * for retention only at the destination; the others stay restorable until deleted.
     */
    public Catalog.Listing listingEverywhere() {
        if (readingFrom != null) {
            return listingOf(readingFrom);
        }
        Catalog.Listing here = catalog.scan();
        if (former.isEmpty()) {
            return here;
        }
        List<BackupRecord> records = new ArrayList<>(here.records());
        List<CatalogProblem> problems = new ArrayList<>(here.problems());
        Map<String, String> locations = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.id()));
        for (Catalog c : former) {
            Destination d = c.destination();
            if (!d.isAvailable()) {
                problems.add(new CatalogProblem(d.describe(), "not available, so the backups kept there are not listed"));
                locations.put(d.describe(), d.describe());
                continue;
            }
            Catalog.Listing there = c.scan();
            for (BackupRecord r : there.records()) {
                if (ids.add(r.id())) {
                    records.add(r);
                    elsewhere.put(r.id(), c);
                    if (r.file() != null) {
                        locations.put(r.file(), d.locationOf(r.file()));
                    }
                    locations.put(r.sidecarName(), d.locationOf(r.sidecarName()));
                }
            }
            for (CatalogProblem p : there.problems()) {
                problems.add(p);
                locations.put(p.name(), d.locationOf(p.name()));
            }
        }
        records.sort(Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id).reversed());
        return new Catalog.Listing(records, problems, locations);
    }

    /** Every backup at {@code other}, with where each lives. */
    private Catalog.Listing listingOf(Catalog other) {
        Catalog.Listing there = other.scan();
        Map<String, String> locations = new LinkedHashMap<>();
        Destination d = other.destination();
        for (BackupRecord r : there.records()) {
            if (r.file() != null) {
                locations.put(r.file(), d.locationOf(r.file()));
            }
            locations.put(r.sidecarName(), d.locationOf(r.sidecarName()));
        }
        there.problems().forEach(p -> locations.put(p.name(), d.locationOf(p.name())));
        return new Catalog.Listing(there.records(), there.problems(), locations);
    }

    /** The catalog that holds {@code r}: the destination's, or a former destination's once listed everywhere. */
    public Catalog catalogOf(BackupRecord r) {
        return readingFrom != null ? readingFrom : elsewhere.getOrDefault(r.id(), catalog);
    }

    /** True when {@code r} lives at a former destination or the copy destination being read. */
    public boolean isElsewhere(BackupRecord r) {
        return readingFrom != null || elsewhere.containsKey(r.id());
    }

    /**
     * From now on lists, verifies, restores and deletes the backups at {@code copies} (a copy
     * destination) instead; new backups, such as a pre-restore safety copy, still go to the
     * database's own destination.
     */
    public Workspace readFrom(Destination copies) {
        this.readingFrom = new Catalog(copies);
        return this;
    }

    /** Where backups are read from: the copy destination given to {@link #readFrom}, else the database's own. */
    public Destination readDestination() {
        return readingFrom != null ? readingFrom.destination() : destination();
    }

    /** The folder of this database's copies at the named destination. */
    public Destination copyDestination(String destinationName) {
        DestinationSettings settings = shared.destinationRegistry().get(destinationName);
        Destination root = shared.destinations().open(settings);
        try {
            // Never created here: a missing folder is an unplugged drive or a typo, and a missing bucket a wrong name.
            if (settings.kind() == DestinationSettings.Kind.FOLDER && !root.isAvailable()) {
                throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "destination '" + destinationName + "' ("
                        + root.describe() + ") is not available", Remedy.CHECK_PATH, destinationName);
            }
            if (settings.kind() != DestinationSettings.Kind.FOLDER) {
                root.list(); // a remote says exactly what is wrong: credentials, bucket, host key, network
            }
            return root.within(name());
        } catch (IOException | RuntimeException e) {
            try {
                root.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "cannot list destination '" + destinationName
                    + "' (" + e.getMessage() + ")", e, Remedy.CHECK_CONNECTION, destinationName);
        }
    }

    /**
     * The incremental store new backups go to in {@code where}, made there if needed, with its
     * cache in the home and the recipients: the first store ({@value #INCREMENTAL_FOLDER}), unless
     * it was made with the other encryption (backup encryption was turned on or off since), in
     * which case a second store of the right kind beside it; and an encrypted store only when it
     * was made for these recipients, else one of their own.
     */
    public IncrementalStore incrementalStoreToWrite(Destination where) {
        boolean encrypt = db().ageEncrypted();
        StoreAccess access = encrypt ? StoreAccess.encrypted(keys().backupRecipients(db(), secrets), db().recipientsId())
                : StoreAccess.plain();
        String folder = folderToWrite(where, encrypt, access.recipientsId());
        return IncrementalStore.open(where.within(folder), folder, shared.incrementalCache(), access, true);
    }

    /**
     * A store's pages stay sealed for the recipients they were first written for, so a store made
     * for other recipients is not written to: after the recipients change (a lost or retired
     * identity), new versions need only the new identity, at the cost of storing every page again once.
     */
    private static String folderToWrite(Destination where, boolean encrypt, String recipientsId) {
        Boolean first = StoreProbe.encryptedAt(where.within(INCREMENTAL_FOLDER));
        if (first == null) {
            return INCREMENTAL_FOLDER;
        }
        if (!encrypt) {
            return first ? BackupRecord.PLAIN_STORE_FOLDER : INCREMENTAL_FOLDER;
        }
        String candidate = first ? INCREMENTAL_FOLDER : BackupRecord.AGE_STORE_FOLDER;
        Boolean made = first ? Boolean.TRUE : StoreProbe.encryptedAt(where.within(candidate));
        if (made == null || StoreProbe.servesRecipients(where.within(candidate), recipientsId)) {
            return candidate;
        }
        return BackupRecord.recipientsStoreFolder(StoreProbe.recipientsTag(recipientsId));
    }

    /** The incremental store in {@code where} that holds version {@code r}, for reading. */
    public IncrementalStore incrementalStore(Destination where, BackupRecord r) {
        return storeToRead(where, r.storeFolder());
    }

    /** The store in folder {@code folder} of {@code where}, with the identities given for this operation. */
    private IncrementalStore storeToRead(Destination where, String folder) {
        StoreAccess access = StoreAccess.plain().withIdentities(keys().identities(db(), secrets));
        return IncrementalStore.open(where.within(folder), folder, shared.incrementalCache(), access, false);
    }

    /**
     * Every incremental store in {@code where}, for reading; empty when there is none: the fixed
     * folders, plus the stores {@code records} name (a copy destination's stores for versions of a
     * store made anew, and the stores of later recipient sets).
     */
    public List<IncrementalStore> incrementalStores(Destination where, Collection<BackupRecord> records) {
        Set<String> folders = new LinkedHashSet<>(BackupRecord.STORE_FOLDERS);
        records.stream().filter(BackupRecord::isIncremental).forEach(r -> folders.add(r.storeFolder()));
        List<IncrementalStore> out = new ArrayList<>();
        for (String folder : folders) {
            try {
                out.add(storeToRead(where, folder));
            } catch (LifeboatException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** The copies of this database still waiting for their destination. */
    public CopyQueue copyQueue() {
        return shared.copyQueue();
    }

    /** A private folder in the Lifeboat home for decoded and staged files of this database. */
    public Path scratchDir() {
        return scratchDir;
    }

    public Secrets secrets() {
        return secrets;
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

    /** The backup with this id, or a clear error naming the database. */
    public BackupRecord find(Catalog.Listing listing, String id) {
        listing.problems().stream().filter(p -> p.name().equals(id + ".json")).findFirst().ifPresent(p -> {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the metadata of backup " + id + " ("
                    + p.name() + ") is " + p.message() + ", so that backup cannot be trusted", Remedy.CHOOSE_ANOTHER_BACKUP,
                    name());
        });
        return listing.find(id).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                "no backup '" + id + "' for " + name(), Remedy.CHOOSE_ANOTHER_BACKUP, name()));
    }

    public LifeboatException noBackups() {
        return new LifeboatException(ErrorCode.NOT_FOUND, name() + " has no backups yet", Remedy.BACK_UP_FIRST, name());
    }

    /** Removes what a killed run left: temporaries in the destination and in the scratch folder. */
    public void removeLeftovers() {
        try {
            destination().removeStaleTemporaries();
            new LocalFolderDestination(scratchDir).removeStaleTemporaries();
        } catch (IOException e) {
            // Not fatal: leftovers only take space; the next run tries again.
        }
    }

    @Override
    public void close() {
        try {
            destination().close();
            for (Catalog c : former) {
                c.destination().close();
            }
            if (readingFrom != null) {
                readingFrom.destination().close();
            }
        } catch (IOException e) {
            // Only connections are released here; everything that matters was committed before.
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
