package app.lifeboat.core.create;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.ProgressListener.Phase;
import app.lifeboat.core.base.Version;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.Compression;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.crypto.KeyCheck;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.sqlite.DatabaseFacts;
import app.lifeboat.core.sqlite.PinnedSource;
import app.lifeboat.core.sqlite.Snapshotter;
import app.lifeboat.core.sqlite.SourceCheck;
import app.lifeboat.core.verify.FileChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one backup: snapshot the live database, check it, encode and hash it into a staged file
 * in the destination, publish it atomically. The caller writes the sidecar afterwards. A crash at
 * any point leaves at most an unlisted temporary, which the next run removes.
 *
 * <p>When the plain source's file is itself the state a read transaction pins (see
 * {@link PinnedSource}), that file streams through the encoder into the staged file while the
 * checks run on the same transaction. Otherwise SQLite's backup API makes a snapshot: straight
 * into the staged file for an uncompressed, unencrypted backup, or into a private local scratch
 * folder, checked while the encoder streams it (compress, then encrypt, then hash) to the
 * destination.
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

    /** Runs {@code job}; the caller holds the database lock and has checked free space. */
    public BackupRecord create(CreateJob job, ProgressListener progress, Cancellation cancel) {
        Instant createdAt = clock.instant();
        String id = newId(createdAt);
        BackupFormat format = job.format();
        String fileName = format.fileName(id);
        long sourceBytes = SourceCheck.sizeWithWal(job.source());
        try (Destination.StagedFile staged = job.destination().stage(fileName)) {
            Encoded e = job.key() == null ? copyPinnedFile(job, staged.path(), progress, cancel) : null;
            if (e == null) {
                e = format.isPlainFile()
                        ? snapshotInPlace(job, staged.path(), sourceBytes, progress, cancel)
                        : snapshotAndEncode(job, staged.path(), sourceBytes, progress, cancel);
            }
            cancel.check();
            BackupRecord record = describe(job, id, createdAt, e.report)
                    .file(fileName).sha256(e.sha256).storedSizeBytes(e.storedBytes).originalSizeBytes(e.plainBytes)
                    .originalCrc32c(e.plainCrc32c)
                    .codec(format.compression().label())
                    .compressionLevel(format.compression() == Compression.NONE ? null : format.level())
                    .encryption(format.ageEncrypted() ? "age" : null)
                    .build();
            staged.commit();
            return record;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write the backup to " + job.destination().describe()
                    + " — check free space and permissions", e);
        }
    }

    /**
     * What every new backup records whatever its storage: who, when, the source's key check, and
     * the facts and checks of the state captured; the caller adds where and how it is stored.
     */
    static BackupRecord.Builder describe(CreateJob job, String id, Instant createdAt, FileChecks.Report report) {
        DatabaseFacts facts = report.facts();
        boolean ok = report.integrityOk();
        return new BackupRecord.Builder()
                .id(id).database(job.database()).createdAt(createdAt).type(job.request().type())
                .status(ok ? BackupStatus.OK : BackupStatus.SOURCE_CORRUPT)
                .recipients(job.recipientLabels())
                .sourceCipher(job.key() == null ? null : job.key().spec())
                .keyCheck(job.key() == null ? null : KeyCheck.of(job.key(), job.database()))
                .pageSize(facts.pageSize()).pageCount(facts.pageCount())
                .userVersion(facts.userVersion()).schemaFingerprint(facts.schemaFingerprint())
                .contentHash(facts.contentHash()).tables(facts.tables())
                .quickCheck(ok ? "ok" : String.join("; ", report.integrityRows().subList(0,
                        Math.min(5, report.integrityRows().size()))))
                .tags(job.request().tags()).description(job.request().description())
                .sourcePath(job.source().toAbsolutePath().toString()).toolVersion(Version.current());
    }

    /**
     * The fast path for a plain database whose file is itself the pinned state (see
     * {@link PinnedSource}): the file streams straight into the encoder while the checks run on
     * the pinning connection, with no snapshot copy first. Null when the file is not the state (a
     * WAL with frames) or the pin would stall writers too long: the caller snapshots through the
     * backup API instead.
     */
    private Encoded copyPinnedFile(CreateJob job, Path staged, ProgressListener progress, Cancellation cancel)
            throws IOException {
        try (PinnedSource pin = PinnedSource.pin(job.source())) {
            // In rollback-journal mode the pin stalls the app's writers for as long as it is held:
            // fine for a plain copy, which takes no longer than the backup API's, but compressing
            // takes several times as long, so encoded backups of such databases take a snapshot.
            if (!pin.fileIsSnapshot() || (pin.blocksWriters() && !job.format().isPlainFile())) {
                log().info("create {}: {}; snapshotting through SQLite's backup API", job.database(),
                        pin.fileIsSnapshot() ? "compressing would hold the writers' lock too long" : "the WAL holds frames");
                return null;
            }
            long t0 = System.nanoTime();
            CompletableFuture<FileChecks.Report> checks =
                    CompletableFuture.supplyAsync(() -> FileChecks.quickOn(pin.connection(), job.source()), executor);
            StreamCodec.Result r;
            try (InputStream in = pin.openFile()) {
                r = StreamCodec.encode(in, pin.sizeBytes(), staged, job.format(), job.recipients(), progress, cancel);
            } catch (IOException | RuntimeException e) {
                checks.exceptionally(x -> null).join(); // the connection must be idle before it closes
                throw e;
            }
            long encodeMillis = millisSince(t0);
            FileChecks.Report report;
            try {
                report = checks.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            log().info("create {}: copied the pinned file ({}) in {} ms, checks done at {} ms", job.database(),
                    job.format(), encodeMillis, millisSince(t0));
            return new Encoded(report, r.sha256(), r.storedBytes(), r.plainCrc32c(), r.plainBytes());
        }
    }

    private record Encoded(FileChecks.Report report, String sha256, long storedBytes, String plainCrc32c, long plainBytes) {}

    private Encoded snapshotInPlace(CreateJob job, Path staged, long sourceBytes, ProgressListener progress,
            Cancellation cancel) throws IOException {
        long t0 = System.nanoTime();
        snapshotWithProgress(job, staged, sourceBytes, progress);
        long snapshotMillis = millisSince(t0);
        cancel.check();
        long t1 = System.nanoTime();
        FileChecks.Report report = FileChecks.run(staged, job.key(), false, false, true, executor, progress, cancel);
        log().info("create {}: snapshot {} ms, checks and sha256 {} ms", job.database(), snapshotMillis, millisSince(t1));
        long size = Files.size(staged);
        return new Encoded(report, report.sha256(), size, null, size);
    }

    /** Looked up on first use: starting the logging system costs start-up time and creates the log file. */
    private static Logger log() {
        return LoggerFactory.getLogger(BackupCreator.class);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private Encoded snapshotAndEncode(CreateJob job, Path staged, long sourceBytes, ProgressListener progress,
            Cancellation cancel) throws IOException {
        FileSafety.createPrivateDirectories(job.scratchDir());
        Path snapshot = FileSafety.tempPathIn(job.scratchDir(), "snapshot.db");
        FileSafety.createPrivateFile(snapshot);
        ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lifeboat-encoder");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            snapshotWithProgress(job, snapshot, sourceBytes, progress);
            long snapshotMillis = millisSince(t0);
            cancel.check();
            long t1 = System.nanoTime();
            long[] encodeMillis = new long[1];
            CompletableFuture<StreamCodec.Result> encoded = CompletableFuture.supplyAsync(() -> {
                try {
                    long te = System.nanoTime();
                    StreamCodec.Result r = StreamCodec.encode(snapshot, staged, job.format(), job.recipients(), progress, cancel);
                    encodeMillis[0] = millisSince(te);
                    return r;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, encoder);
            FileChecks.Report report;
            try {
                report = FileChecks.run(snapshot, job.key(), false, false, false, executor, ProgressListener.NONE, cancel);
            } catch (RuntimeException e) {
                cancel.cancel();
                encoded.exceptionally(x -> null).join();
                throw e;
            }
            long checksMillis = millisSince(t1);
            StreamCodec.Result r;
            try {
                r = encoded.join();
                log().info("create {}: snapshot {} ms, checks {} ms, encode {} ms ({}), total after snapshot {} ms",
                        job.database(), snapshotMillis, checksMillis, encodeMillis[0], job.format(), millisSince(t1));
            } catch (CompletionException e) {
                if (e.getCause() instanceof LifeboatException le) {
                    throw le;
                }
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
            return new Encoded(report, r.sha256(), r.storedBytes(), r.plainCrc32c(), r.plainBytes());
        } finally {
            encoder.shutdownNow();
            Files.deleteIfExists(snapshot);
            for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + suffix));
            }
        }
    }

    /** The backup API reports no progress, so watch the snapshot file grow from another thread. */
    private static void snapshotWithProgress(CreateJob job, Path target, long total, ProgressListener progress) {
        progress.progress(Phase.SNAPSHOT, 0, total);
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
            Snapshotter.snapshot(job.source(), target, job.key());
        } finally {
            ticker.shutdownNow();
        }
        progress.progress(Phase.SNAPSHOT, total, total);
    }
}
