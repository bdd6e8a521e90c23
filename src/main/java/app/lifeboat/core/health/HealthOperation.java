package app.lifeboat.core.health;

import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.VersionSizes;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.crypto.KeyCheck;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads how well a database is protected (warnings for banners and {@code status}) and totals over its backups. */
public final class HealthOperation {
    private final HealthChecker checker = new HealthChecker(HealthChecker.DEFAULT_STALE_AFTER);

    public DatabaseHealth health(Workspace ws) {
        Catalog.Listing listing;
        String catalogError = null;
        try {
            listing = ws.listingEverywhere();
        } catch (LifeboatException e) {
            // Not "no good backup yet": the backups may all be there, only unreadable from here.
            listing = new Catalog.Listing(List.of(), List.of());
            // A missing destination has its own warning (connect the drive); anything else is said here.
            catalogError = Files.isDirectory(Path.of(ws.db().destination())) ? e.getMessage() : null;
        }
        HealthChecker.Problems problems = new HealthChecker.Problems(ws.keys().unavailableSources(ws.db()), catalogError,
                ws.copyQueue().of(ws.name()));
        return checker.check(ws.db(), ws.destination(), listing, ws.runNotes().lastBackup(ws.name()),
                currentKeyCheck(ws), ws.clock().instant(), problems);
    }

    /** The key check of the current key, when the key can be read without asking anyone. */
    private static Optional<String> currentKeyCheck(Workspace ws) {
        DatabaseSettings db = ws.db();
        if (!db.sourceEncrypted()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyCheck.of(ws.keys().databaseKey(db, Secrets.none()), db.name()));
        } catch (LifeboatException e) {
            return Optional.empty();
        }
    }

    /** Per version in the database's incremental stores: the bytes only it holds and all it uses; empty without a store. */
    public List<VersionSizes> versionSizes(Workspace ws, Cancellation cancel) {
        List<VersionSizes> out = new ArrayList<>();
        // With the records: a store of one recipient set is found through the versions that name it.
        for (IncrementalStore store : ws.incrementalStores(ws.destination(), ws.catalog().scan().records())) {
            out.addAll(store.sizes(cancel));
        }
        return out;
    }

    public Stats stats(Workspace ws) {
        List<BackupRecord> rs = ws.listingEverywhere().records();
        long stored = rs.stream().mapToLong(BackupRecord::storedSizeBytes).sum();
        long original = rs.stream().mapToLong(BackupRecord::originalSizeBytes).sum();
        // Over full backups only: a version of an incremental store holds just the pages it added.
        double ratio = rs.stream().filter(r -> r.storedSizeBytes() > 0 && !r.isIncremental())
                .mapToDouble(r -> (double) r.originalSizeBytes() / r.storedSizeBytes()).average().orElse(0);
        return new Stats(ws.name(), rs.size(), (int) rs.stream().filter(BackupRecord::isGood).count(), stored,
                original, rs.isEmpty() ? null : rs.get(rs.size() - 1).createdAt(),
                rs.isEmpty() ? null : rs.get(0).createdAt(),
                rs.stream().filter(BackupRecord::isGood).map(BackupRecord::createdAt).findFirst().orElse(null),
                ratio, Files.exists(ws.db().source()) ? SourceCheck.sizeWithWal(ws.db().source()) : 0);
    }
}
