package app.lifeboat.core.prune;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.retention.PrunePlanner;
import app.lifeboat.core.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Applies a database's retention rules: plans which backups to keep, deletes the rest and crash leftovers. */
public final class PruneOperation {

    /** Applies retention now, or only plans it with {@code dryRun}. */
    public PrunePlan run(Workspace ws, boolean dryRun) {
        PrunePlan plan = plan(ws);
        if (!dryRun) {
            ws.removeLeftovers();
            apply(ws, plan);
        }
        return plan;
    }

    public PrunePlan plan(Workspace ws) {
        Catalog.Listing listing = ws.catalog().scan();
        List<String> leftovers = new ArrayList<>(ws.catalog().orphans(listing));
        return PrunePlanner.plan(listing.records(), ws.db().retentionPolicy(), ws.clock().instant(), leftovers);
    }

    public void apply(Workspace ws, PrunePlan plan) {
        for (BackupRecord r : plan.deletions()) {
            ws.catalog().delete(r);
        }
        for (String orphan : plan.leftovers()) {
            try {
                ws.destination().delete(orphan);
            } catch (IOException e) {
                // left for the next prune
            }
        }
    }
}
