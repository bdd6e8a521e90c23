package app.lifeboat.core.prune;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.retention.PrunePlan;
import app.lifeboat.core.retention.PrunePlanner;
import app.lifeboat.core.workspace.StoreUpkeep;
import app.lifeboat.core.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a database's retention rules: plans which backups to keep, deletes the rest and crash leftovers. */
public final class PruneOperation {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(PruneOperation.class);
    }

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
        // Every deletion is logged with the rule that decided it: a backup tool never deletes quietly.
        List<BackupRecord> deleted = new ArrayList<>();
        for (PrunePlan.Decision d : plan.decisions()) {
            if (!d.keep()) {
                ws.catalog().delete(d.backup());
                deleted.add(d.backup());
                log().info("retention deleted backup {} of {} ({})", d.backup().id(), ws.name(), d.reason());
            }
        }
        StoreUpkeep.afterDeleting(ws, ws.catalog(), deleted);
        for (String orphan : plan.leftovers()) {
            try {
                ws.destination().delete(orphan);
                log().info("removed {} of {}, left behind by an interrupted run", orphan, ws.name());
            } catch (IOException e) {
                // left for the next prune
            }
        }
    }
}
