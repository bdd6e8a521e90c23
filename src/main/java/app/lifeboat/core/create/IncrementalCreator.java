package app.lifeboat.core.create;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.incremental.WriteResult;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.sqlite.PinnedSource;
import app.lifeboat.core.sqlite.Snapshotter;
import app.lifeboat.core.verify.FileChecks;
import app.lifeboat.core.io.FileReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Takes one backup as a version of the destination's incremental store. The pages come from the
 * same consistent state a full backup captures: the live file itself under a pinned read
 * transaction when the file holds that state (pages of an encrypted database stay the ciphertext
 * they are, so unchanged pages dedupe), else a snapshot through SQLite's backup API in the private
 * scratch folder. SQLite's checks run on that state while its pages are stored. The caller writes
 * the sidecar afterwards; until then a killed run leaves only unlisted data that prune removes.
 */
public final class IncrementalCreator {
    private final Executor executor;
    private final Clock clock;

    public IncrementalCreator(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Runs {@code job} into the store {@code stores} opens (made there if it is the first backup);
     * the caller holds the database lock. The store is opened once the source is pinned, so a
     * source that cannot be read leaves nothing behind, not even an empty store.
     */
    public BackupRecord create(CreateJob job, Supplier<IncrementalStore> stores, ProgressListener progress, Cancellation cancel) {
        Instant createdAt = clock.instant();
        String id = BackupCreator.newId(createdAt);
        Stored s;
        int pageSize;
        IncrementalStore store;
        try (PinnedSource pin = PinnedSource.pin(job.source(), job.key())) {
            store = stores.get();
            // In rollback-journal mode the pin stalls the app's writers while it is held. A first
            // version compresses every page, which takes several times as long as the backup API's
            // snapshot (that holds the same lock while it copies); later ones mostly hash, which is
            // about as fast as that copy. An encrypted source is always read in place: a snapshot
            // encrypts every page anew and would share none.
            pageSize = pin.pageSize();
            boolean inPlace = !pin.blocksWriters() || job.key() != null || store.hasVersions();
            s = pin.fileIsSnapshot() && inPlace ? fromPinnedFile(job, pin, store, id, progress, cancel) : null;
            if (s == null) {
                LoggerFactory.getLogger(IncrementalCreator.class).info("create {}: {}; snapshotting through SQLite's backup API{}",
                        job.database(), pin.fileIsSnapshot() ? "a first version read in place would hold the writers' lock too long"
                                : "the WAL holds frames",
                        job.key() != null ? " (which encrypts every page anew, so this version shares no pages)" : "");
            }
        }
        if (s == null) {
            s = fromSnapshot(job, store, id, pageSize, progress, cancel);
        }
        cancel.check();
        return BackupCreator.describe(job, id, createdAt, s.report)
                .incremental(s.write.version().id(), store.folder())
                .storedSizeBytes(s.write.newBytes()).originalSizeBytes(s.write.referencedBytes())
                .originalCrc32c(s.write.plainCrc32c())
                .codec("zstd").encryption(store.encrypted() ? "age" : null)
                .build();
    }

    private record Stored(WriteResult write, FileChecks.Report report) {}

    private Stored fromPinnedFile(CreateJob job, PinnedSource pin, IncrementalStore store, String id,
            ProgressListener progress, Cancellation cancel) {
        CompletableFuture<FileChecks.Report> checks =
                CompletableFuture.supplyAsync(() -> FileChecks.quickOn(pin.connection(), job.source()), executor);
        long t0 = System.nanoTime();
        WriteResult w;
        try {
            w = store.write(pin::openFile, pin.sizeBytes(), pin.pageSize(), id, job.database(), progress, cancel);
        } catch (RuntimeException e) {
            checks.exceptionally(x -> null).join(); // the connection must be idle before it closes
            throw e;
        }
        long written = System.nanoTime() - t0;
        Stored s = new Stored(w, join(checks));
        LoggerFactory.getLogger(IncrementalCreator.class).info("create {}: stored the pinned file in {} ms, checks done at {} ms",
                job.database(), written / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        return s;
    }

    private Stored fromSnapshot(CreateJob job, IncrementalStore store, String id, int pageSize, ProgressListener progress,
            Cancellation cancel) {
        Path snapshot = null;
        try {
            FileSafety.createPrivateDirectories(job.scratchDir());
            snapshot = FileSafety.tempPathIn(job.scratchDir(), "snapshot.db");
            FileSafety.createPrivateFile(snapshot);
            progress.progress(ProgressListener.Phase.SNAPSHOT, 0, 1);
            Snapshotter.snapshot(job.source(), snapshot, job.key());
            cancel.check();
            Path file = snapshot;
            // Its own thread: the checks themselves use both of the executor's threads.
            CompletableFuture<FileChecks.Report> checks = CompletableFuture.supplyAsync(() ->
                    FileChecks.run(file, job.key(), false, false, false, executor, ProgressListener.NONE, cancel),
                    r -> {
                        Thread t = new Thread(r, "lifeboat-incremental-checks");
                        t.setDaemon(true);
                        t.start();
                    });
            WriteResult w;
            try {
                w = store.write(() -> FileReads.open(file), Files.size(snapshot), pageSize, id, job.database(), progress, cancel);
            } catch (IOException | RuntimeException e) {
                cancel.cancel();
                checks.exceptionally(x -> null).join();
                throw e;
            }
            return new Stored(w, join(checks));
        } catch (IOException e) {
            throw cannotRead(job, e);
        } finally {
            deleteQuietly(snapshot);
        }
    }

    private static LifeboatException cannotRead(CreateJob job, IOException e) {
        return new LifeboatException(ErrorCode.IO_ERROR, "cannot read the snapshot of " + job.database()
                + " in the private temp folder (" + e.getMessage() + ")", e, Remedy.CHECK_DISK);
    }

    private static void deleteQuietly(Path snapshot) {
        if (snapshot != null) {
            try {
                FileSafety.deleteWithSqliteSidecars(snapshot);
            } catch (IOException e) {
                // removed with the scratch folder's leftovers by the next run
            }
        }
    }

    private static FileChecks.Report join(CompletableFuture<FileChecks.Report> checks) {
        try {
            return checks.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }
}
