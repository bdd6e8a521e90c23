package app.lifeboat.core.workspace;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.KeyResolver;
import app.lifeboat.core.config.RunNotes;
import app.lifeboat.core.io.DatabaseLock;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * One database opened for one operation: its settings, catalog, destination, private scratch
 * folder, the secrets given for this operation and, for operations that change its backups, its
 * cross-process lock. Obtained from {@link Workspaces}; closing it releases the lock.
 */
public final class Workspace implements AutoCloseable {
    private final DatabaseSettings db;
    private final Catalog catalog;
    private final Path scratchDir;
    private final Secrets secrets;
    private final Workspaces.Shared shared;
    private final DatabaseLock lock;

    Workspace(DatabaseSettings db, Destination destination, Path scratchDir, Secrets secrets,
            Workspaces.Shared shared, DatabaseLock lock) {
        this.db = db;
        this.catalog = new Catalog(destination);
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
        } catch (IOException e) {
            // Only connections are released here; everything that matters was committed before.
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
