package app.lifeboat.core.verify;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.StoreCheck;
import app.lifeboat.core.sqlite.DatabaseKey;
import app.lifeboat.core.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;

/** Verifies backups of one database and records each result in its sidecar. */
public final class VerifyOperation {
    private final Verifier verifier;

    public VerifyOperation(Verifier verifier) {
        this.verifier = verifier;
    }

    public List<VerifyOutcome> run(Workspace ws, VerifyRequest request, ProgressListener progress,
            Cancellation cancel) {
        Catalog.Listing listing = ws.listingEverywhere();
        List<BackupRecord> targets = targets(ws, listing, request);
        Verifier.Keys keys = readKeys(ws);
        List<VerifyOutcome> out = new ArrayList<>();
        for (BackupRecord r : targets) {
            cancel.check();
            try (Verifier.Checked c = check(ws, r, keys, progress, cancel)) {
                out.add(record(ws, r, c.result()));
            }
        }
        if (request instanceof VerifyRequest.All) {
            listing.problems().forEach(p -> out.add(VerifyOutcome.unreadable(ws.name(), p, ws.clock().instant())));
        }
        return out;
    }

    private static List<BackupRecord> targets(Workspace ws, Catalog.Listing listing, VerifyRequest request) {
        if (request instanceof VerifyRequest.One one) {
            return List.of(ws.find(listing, one.id()));
        }
        if (request instanceof VerifyRequest.All) {
            return listing.records();
        }
        return List.of(listing.latest().orElseThrow(ws::noBackups));
    }

    /** Checks one backup, keeping its decoded file until the caller closes the result (restore reads it). */
    public Verifier.Checked check(Workspace ws, BackupRecord r, Verifier.Keys keys, ProgressListener progress,
            Cancellation cancel) {
        return verifier.check(r, ws.catalogOf(r).destination(), keys, progress, cancel);
    }

    /**
     * Checks every incremental store of the database where it reads backups (see
     * {@link app.lifeboat.core.incremental.IncrementalStore#verifyStore}), as one result.
     */
    public StoreCheck store(Workspace ws, double readFraction, ProgressListener progress, Cancellation cancel) {
        List<IncrementalStore> stores = ws.incrementalStores(ws.readDestination(), ws.listingEverywhere().records());
        if (stores.isEmpty()) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "there is no incremental store at "
                    + ws.readDestination().describe(), Remedy.CHECK_PATH);
        }
        StoreCheck all = null;
        for (IncrementalStore store : stores) {
            StoreCheck one = store.verifyStore(readFraction, progress, cancel);
            all = all == null ? one : all.plus(one);
        }
        return all;
    }

    /** The keys for reading backups; a missing database key only matters when a backup needs it. */
    public Verifier.Keys readKeys(Workspace ws) {
        DatabaseSettings db = ws.db();
        DatabaseKey key = null;
        if (db.sourceEncrypted()) {
            try {
                key = ws.keys().databaseKey(db, ws.secrets());
            } catch (LifeboatException e) {
                key = null; // verify falls back to the checksum and says the deep check needs the key
            }
        }
        return new Verifier.Keys(key, ws.keys().identities(db, ws.secrets()), ws.scratchDir(),
                ws::incrementalStore);
    }

    /** Saves the result in the backup's sidecar; a read-only destination is verified without recording. */
    public VerifyOutcome record(Workspace ws, BackupRecord r, VerificationResult result) {
        BackupStatus status = r.status() == BackupStatus.SOURCE_CORRUPT ? BackupStatus.SOURCE_CORRUPT
                : !result.ok() ? BackupStatus.FAILED : result.deep() ? BackupStatus.VERIFIED : r.status();
        BackupRecord updated = r.withVerification(result, status);
        try {
            ws.catalogOf(r).save(updated);
        } catch (LifeboatException e) {
            return new VerifyOutcome(r, result);
        }
        return new VerifyOutcome(updated, result);
    }
}
