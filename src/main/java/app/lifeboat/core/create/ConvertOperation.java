package app.lifeboat.core.create;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.config.Storage;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.WriteResult;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.verify.VerifyOperation;
import app.lifeboat.core.verify.Verifier;
import app.lifeboat.core.workspace.StoreUpkeep;
import app.lifeboat.core.workspace.Workspace;
import app.lifeboat.core.io.FileReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Turns full backups into versions of the incremental store, or versions into full files, keeping
 * each backup's id, labels, pin and verification. Each backup is verified first and converted
 * from the verified database; the new form is written, then the sidecar is replaced atomically,
 * then the old form is removed. Killed in between, the sidecar still names a whole backup and
 * the next upkeep removes the unused form.
 */
public final class ConvertOperation {
    private final VerifyOperation verify;

    public ConvertOperation(VerifyOperation verify) {
        this.verify = verify;
    }

    /** Converts backup {@code id} (null: every backup of the database here) to {@code to}; returns the converted. */
    public List<BackupRecord> run(Workspace ws, String id, Storage to, ProgressListener progress, Cancellation cancel) {
        List<BackupRecord> candidates = id == null ? ws.catalog().scan().records()
                : List.of(ws.find(ws.catalog().scan(), id));
        List<BackupRecord> converted = new ArrayList<>();
        Verifier.Keys keys = verify.readKeys(ws);
        IncrementalStore store = null;
        for (BackupRecord r : candidates) {
            if (r.isIncremental() == (to == Storage.INCREMENTAL)) {
                continue;
            }
            cancel.check();
            try (Verifier.Checked checked = verify.check(ws, r, keys, progress, cancel)) {
                if (!checked.result().ok() || checked.plainFile() == null) {
                    throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "backup " + r.id() + " of " + ws.name()
                            + " cannot be converted: " + (checked.result().ok() ? checked.result().summary()
                                    : "it failed verification (" + checked.result().summary() + ")"),
                            checked.result().ok() ? Remedy.GIVE_IDENTITY : Remedy.CHOOSE_ANOTHER_BACKUP, ws.name());
                }
                if (to == Storage.INCREMENTAL) {
                    store = store != null ? store : ws.incrementalStoreToWrite(ws.destination());
                    converted.add(toVersion(ws, r, checked.plainFile(), store, progress, cancel));
                } else {
                    converted.add(toFile(ws, r, checked.plainFile(), progress, cancel));
                }
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.IO_ERROR, "cannot convert backup " + r.id() + " in "
                        + ws.destination().describe() + ": " + e.getMessage(), e, Remedy.CHECK_DISK);
            }
        }
        if (!converted.isEmpty()) {
            StoreUpkeep.keepInStep(ws, ws.catalog(), to == Storage.FULL);
            LoggerFactory.getLogger(ConvertOperation.class).info("converted {} backup(s) of {} to {} storage",
                    converted.size(), ws.name(), to.label());
        }
        return converted;
    }

    private static BackupRecord toVersion(Workspace ws, BackupRecord r, Path plain, IncrementalStore store,
            ProgressListener progress, Cancellation cancel) throws IOException {
        if (store.hasVersion(r.id())) {
            store.deleteVersions(List.of(r.id())); // left by a conversion killed before its sidecar was replaced
        }
        WriteResult w = store.write(() -> FileReads.open(plain), Files.size(plain), r.pageSize(), r.id(), ws.name(), progress,
                cancel);
        BackupRecord version = new BackupRecord.Builder(r).incremental(r.id(), store.folder()).storedSizeBytes(w.newBytes())
                .originalCrc32c(w.plainCrc32c()).codec("zstd").compressionLevel(null)
                .encryption(store.encrypted() ? "age" : null).recipients(ws.db().recipientLabels())
                .build();
        ws.catalog().save(version);
        ws.destination().delete(r.file());
        return version;
    }

    private static BackupRecord toFile(Workspace ws, BackupRecord r, Path plain, ProgressListener progress,
            Cancellation cancel) throws IOException {
        BackupFormat format = CreateOperation.formatOf(ws.db());
        String name = format.fileName(r.id());
        StreamCodec.Result e;
        try (Destination.StagedFile staged = ws.destination().stage(name)) {
            e = StreamCodec.encode(plain, staged.path(), format, ws.keys().backupRecipients(ws.db(), ws.secrets()),
                    progress, cancel);
            staged.commit();
        }
        BackupRecord full = new BackupRecord.Builder(r).full(name, e.sha256(), e.storedBytes())
                .originalCrc32c(e.plainCrc32c()).codec(format.compression().label())
                .compressionLevel(format.compression() == Compression.NONE ? null : format.level())
                .encryption(format.ageEncrypted() ? "age" : null).recipients(ws.db().recipientLabels())
                .build();
        ws.catalog().save(full);
        return full;
    }
}
