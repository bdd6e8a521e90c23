package app.lifeboat.core.prune;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.workspace.Workspace;
import java.util.List;
import java.util.function.UnaryOperator;

/** Changes one backup by hand: pin or unpin it, label it, or delete it. */
public final class EditOperation {

    public BackupRecord setPinned(Workspace ws, String id, boolean pinned) {
        return modify(ws, id, r -> r.withPinned(pinned));
    }

    public BackupRecord setLabels(Workspace ws, String id, List<String> tags, String description) {
        return modify(ws, id, r -> r.withLabels(tags, description));
    }

    /** Deletes one backup; a pinned backup is refused. */
    public BackupRecord delete(Workspace ws, String id) {
        BackupRecord r = ws.find(ws.catalog().scan(), id);
        if (r.pinned()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "backup " + id + " is pinned", Remedy.UNPIN_FIRST,
                    ws.name(), id);
        }
        ws.catalog().delete(r);
        return r;
    }

    private static BackupRecord modify(Workspace ws, String id, UnaryOperator<BackupRecord> change) {
        BackupRecord updated = change.apply(ws.find(ws.catalog().scan(), id));
        ws.catalog().save(updated);
        return updated;
    }
}
