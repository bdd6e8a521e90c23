package app.lifeboat.core.workspace;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.PruneResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a destination's incremental store in step with its catalog after backups were deleted:
 * the versions of deleted incremental backups go, so do versions no sidecar names (a run killed
 * between storing a version and writing its sidecar, or between deleting the two), and then the
 * data no remaining version uses. Sidecars go first everywhere, so a crash at any point leaves
 * every listed backup whole; the next upkeep finishes the job. Needs no identity.
 */
public final class StoreUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUpkeep.class);

    private StoreUpkeep() {}

    /**
     * Runs after {@code deleted} were removed from {@code where}'s catalog; does nothing when none
     * was incremental and the database does not use incremental storage. The caller holds the
     * database lock, so no backup of it is between its version and its sidecar.
     */
    public static PruneResult afterDeleting(Workspace ws, Catalog where, List<BackupRecord> deleted) {
        boolean any = deleted.stream().anyMatch(BackupRecord::isIncremental);
        return any || ws.db().effectiveStorage() == Storage.INCREMENTAL ? keepInStep(ws, where, any, deleted) : null;
    }

    /**
     * Removes the versions no incremental record at {@code where} names, and prunes when it removed
     * any or {@code prune} is set.
     */
    public static PruneResult keepInStep(Workspace ws, Catalog where, boolean prune) {
        return keepInStep(ws, where, prune, List.of());
    }

    /** As above; the stores {@code deleted} name are kept in step too, though no record left names them. */
    private static PruneResult keepInStep(Workspace ws, Catalog where, boolean prune, List<BackupRecord> deleted) {
        Catalog.Listing listing = where.scan();
        List<BackupRecord> naming = new ArrayList<>(listing.records());
        naming.addAll(deleted);
        List<IncrementalStore> stores = ws.incrementalStores(where.destination(), naming);
        if (stores.isEmpty()) {
            return null; // no store yet: nothing to keep in step
        }
        PruneResult total = null;
        for (IncrementalStore store : stores) {
            Set<String> named = new HashSet<>();
            // A full backup with a version's id is one converted from (or to) that version: the version is left over.
            listing.records().stream().filter(r -> r.isIncremental() && r.storeFolder().equals(store.folder()))
                    .forEach(r -> named.add(r.versionId()));
            // An unreadable sidecar may name a version: nothing is removed for it until it is repaired or deleted.
            listing.problems().forEach(p -> named.add(p.name().replace(".json", "")));
            List<String> unnamed = new ArrayList<>();
            // Names only: after every backup this runs, and reading each version object grew with the store.
            for (String id : store.versionIds()) {
                if (!named.contains(id)) {
                    unnamed.add(id);
                }
            }
            if (unnamed.isEmpty() && !prune) {
                continue;
            }
            store.deleteVersions(unnamed);
            PruneResult r = store.prune(ProgressListener.NONE, Cancellation.none());
            LOG.info("incremental store {} of {}: removed {} version(s) no backup lists; freed {} bytes ({} packs deleted,"
                    + " {} rewritten)", store.folder(), ws.name(), unnamed.size(), r.bytesFreed(), r.packsDeleted(),
                    r.packsRewritten());
            total = total == null ? r : total.plus(r);
        }
        return total;
    }
}
