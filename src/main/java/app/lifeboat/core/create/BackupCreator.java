package app.lifeboat.core.create;

import app.lifeboat.core.Cancellation;
import app.lifeboat.core.ErrorCode;
import app.lifeboat.core.LifeboatException;
import app.lifeboat.core.ProgressListener;
import app.lifeboat.core.ProgressListener.Phase;
import app.lifeboat.core.Version;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.sqlite.DatabaseFacts;
import app.lifeboat.core.sqlite.Snapshotter;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.verify.FileChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one backup: snapshot the live database into a staged file in the destination, check it,
 * hash it, publish it atomically, then write its sidecar. A crash at any point leaves at most an
 * unlisted temporary, which the next run removes.
 */
public final class BackupCreator {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Executor executor;
    private final Clock clock;

    public BackupCreator(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /** A new, sortable, unique backup id such as {@code 20261122T081500Z-3fa9}. */
    public static String newId(Instant at) {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return ID_TIME.format(at) + "-" + HexFormat.of().formatHex(b);
    }

    /**
     * Snapshots {@code source} into {@code destination} and returns the published record. The
     * caller holds the database lock and has checked free space.
     */
    public BackupRecord create(String database, Path source, Destination destination, CreateRequest request,
            ProgressListener progress, Cancellation cancel) {
        SourceCheck.requirePlainDatabase(source);
        Instant createdAt = clock.instant();
        String id = newId(createdAt);
        String fileName = id + ".db";
        long sourceBytes = SourceCheck.sizeWithWal(source);
        try (Destination.StagedFile staged = destination.stage(fileName)) {
            progress.progress(Phase.SNAPSHOT, 0, sourceBytes);
            snapshotWithProgress(source, staged.path(), sourceBytes, progress);
            cancel.check();
            FileChecks.Report report = FileChecks.run(staged.path(), false, true, executor, progress, cancel);
            cancel.check();
            long size = Files.size(staged.path());
            DatabaseFacts facts = report.facts();
            boolean ok = report.integrityOk();
            BackupRecord record = new BackupRecord.Builder()
                    .id(id).database(database).createdAt(createdAt).type(request.type())
                    .status(ok ? BackupStatus.OK : BackupStatus.SOURCE_CORRUPT)
                    .file(fileName).sha256(report.sha256()).storedSizeBytes(size).originalSizeBytes(size)
                    .codec("none").pageSize(facts.pageSize()).pageCount(facts.pageCount())
                    .userVersion(facts.userVersion()).schemaFingerprint(facts.schemaFingerprint())
                    .contentHash(facts.contentHash()).tables(facts.tables())
                    .quickCheck(ok ? "ok" : String.join("; ", report.integrityRows().subList(0,
                            Math.min(5, report.integrityRows().size()))))
                    .tags(request.tags()).description(request.description())
                    .sourcePath(source.toAbsolutePath().toString()).toolVersion(Version.current())
                    .build();
            progress.progress(Phase.WRITE, 0, 1);
            staged.commit();
            return record;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write the backup to " + destination.describe()
                    + " — check free space and permissions", e);
        }
    }

    /** The backup API reports no progress, so watch the staged file grow from another thread. */
    private static void snapshotWithProgress(Path source, Path target, long total, ProgressListener progress) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lifeboat-snapshot-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            ticker.scheduleAtFixedRate(() -> {
                try {
                    progress.progress(Phase.SNAPSHOT, Math.min(Files.size(target), total), total);
                } catch (IOException ignored) {
                    // not created yet
                }
            }, 100, 200, TimeUnit.MILLISECONDS);
            Snapshotter.snapshot(source, target);
        } finally {
            ticker.shutdownNow();
        }
        progress.progress(Phase.SNAPSHOT, total, total);
    }
}
