package app.lifeboat.core.rekey;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.create.CreateOperation;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.create.Preconditions;
import app.lifeboat.core.crypto.KeyCheck;
import app.lifeboat.core.verify.VerifyOperation;
import app.lifeboat.core.verify.VerifyOutcome;
import app.lifeboat.core.verify.Verifier;
import app.lifeboat.core.workspace.StoreUpkeep;
import app.lifeboat.core.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the backups made under a previous key of an encrypted database with one fresh backup
 * under the current key: the fresh one is written and verified before any old one is deleted.
 * Pinned old backups are kept.
 */
public final class RekeyOperation {
    private final CreateOperation create;
    private final VerifyOperation verify;

    public RekeyOperation(CreateOperation create, VerifyOperation verify) {
        this.create = create;
        this.verify = verify;
    }

    public RekeyResult run(Workspace ws, ProgressListener progress, Cancellation cancel) {
        if (!ws.db().sourceEncrypted()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, ws.name()
                    + " is not an encrypted database — its backups need no key; nothing to do");
        }
        String current = KeyCheck.of(ws.keys().databaseKey(ws.db(), ws.secrets()), ws.name());
        Preconditions.requireDestinationRoot(ws.db());
        Preconditions.requireSpace(ws.db(), ws.destination());
        BackupRecord fresh = create.write(ws, ws.db().source(), new CreateRequest(BackupType.MANUAL, true,
                List.of("rekey"), "fresh backup under the current key"), progress, cancel);
        VerifyOutcome v;
        try (Verifier.Checked c = verify.check(ws, fresh, verify.readKeys(ws), progress, cancel)) {
            v = verify.record(ws, fresh, c.result());
        }
        if (!v.result().ok() || !v.result().deep() || !fresh.isGood()) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "the fresh backup " + fresh.id()
                    + " did not pass verification (" + v.result().summary() + ") — no old backup was deleted");
        }
        List<BackupRecord> deleted = new ArrayList<>();
        List<BackupRecord> pinned = new ArrayList<>();
        for (BackupRecord r : ws.catalog().scan().records()) {
            if (r.keyCheck() == null || r.keyCheck().equals(current)) {
                continue;
            }
            if (r.pinned()) {
                pinned.add(r);
            } else {
                ws.catalog().delete(r);
                deleted.add(r);
            }
        }
        StoreUpkeep.afterDeleting(ws, ws.catalog(), deleted);
        return new RekeyResult(v.backup(), deleted, pinned);
    }
}
