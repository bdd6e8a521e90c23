package app.lifeboat.core.prune;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseRegistry;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.workspace.StoreUpkeep;
import app.lifeboat.core.workspace.Workspace;
import java.util.List;
import java.util.function.UnaryOperator;

/** Changes one backup by hand: pin or unpin it, label it, or delete it. */
public final class EditOperation {
    private final DatabaseRegistry registry;

    public EditOperation(DatabaseRegistry registry) {
        this.registry = registry;
    }

    public BackupRecord setPinned(Workspace ws, String id, boolean pinned) {
        return modify(ws, id, r -> r.withPinned(pinned));
    }

    public BackupRecord setLabels(Workspace ws, String id, List<String> tags, String description) {
        return modify(ws, id, r -> r.withLabels(tags, description));
    }

    /** Deletes one backup; a pinned backup is refused. */
    public BackupRecord delete(Workspace ws, String id) {
        BackupRecord r = ws.find(ws.listingEverywhere(), id);
        if (r.pinned()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "backup " + id + " is pinned", Remedy.UNPIN_FIRST,
                    ws.name(), id);
        }
        Catalog home = ws.catalogOf(r);
        home.delete(r);
        StoreUpkeep.afterDeleting(ws, home, List.of(r));
        if (ws.isElsewhere(r)) {
            forgetWhenEmpty(ws, home);
        }
        return r;
    }

    /** Once the last backup at a former destination is gone, there is nothing left to list there. */
    private void forgetWhenEmpty(Workspace ws, Catalog former) {
        Catalog.Listing left = former.scan();
        if (left.records().isEmpty() && left.problems().isEmpty()
                && former.destination() instanceof LocalFolderDestination folder) {
            registry.forgetFormerDestination(ws.name(), folder.folder());
        }
    }

    private static BackupRecord modify(Workspace ws, String id, UnaryOperator<BackupRecord> change) {
        BackupRecord original = ws.find(ws.listingEverywhere(), id);
        BackupRecord updated = change.apply(original);
        ws.catalogOf(original).save(updated);
        return updated;
    }
}
