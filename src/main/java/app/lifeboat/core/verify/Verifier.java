package app.lifeboat.core.verify;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.StoredFile;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.crypto.AgeFailure;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import app.lifeboat.core.sqlite.ContentHash;
import app.lifeboat.core.sqlite.DatabaseFacts;
import app.lifeboat.core.sqlite.DatabaseKey;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * Proves a stored backup still holds exactly what was captured: the stored file's SHA-256, then
 * (after decrypting and decompressing, in one streaming pass) the decoded file's CRC-32C, SQLite's
 * integrity check, and the schema fingerprint and row counts recorded at creation. A bad backup is
 * reported as a failed result with its reason; only a missing or wrong key is an exception,
 * because it says nothing about the backup.
 */
public final class Verifier {
    private final Executor executor;
    private final Clock clock;

    public Verifier(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * What the caller may need for reading: keys for the database and the age layer, a scratch
     * folder, and the incremental store of a destination (opened with the same identities).
     */
    public record Keys(DatabaseKey databaseKey, List<RecipientStanzaReader> identities, Path scratchDir,
            BiFunction<Destination, BackupRecord, IncrementalStore> stores) {}

    /**
     * A verification's result and, when it passed a deep check, the plain database file it checked
     * (a temporary for encoded backups, deleted on close; the stored file itself otherwise).
     */
    public static final class Checked implements AutoCloseable {
        private final VerificationResult result;
        private final Path plainFile;
        private final Destination.LocalCopy release;

        /** @param release what to give back when done: the local copy read, or the decoded temporary */
        Checked(VerificationResult result, Path plainFile, Destination.LocalCopy release) {
            this.result = result;
            this.plainFile = plainFile;
            this.release = release;
        }

        public VerificationResult result() {
            return result;
        }

        /** The verified plain database, or null when the check was not deep or failed. */
        public Path plainFile() {
            return result.ok() && result.deep() ? plainFile : null;
        }

        @Override
        public void close() {
            if (release != null) {
                try {
                    release.close();
                } catch (IOException ignored) {
                    // a leftover temporary is removed with the scratch folder's leftovers next time
                }
            }
        }
    }

    /** A new private (0600) temporary in the scratch folder for a decoded or assembled database. */
    static Path scratchFile(Keys keys) throws IOException {
        FileSafety.createPrivateDirectories(keys.scratchDir());
        Path plain = FileSafety.tempPathIn(keys.scratchDir(), "verify.db");
        FileSafety.createPrivateFile(plain);
        return plain;
    }

    /** A decoded temporary, deleted when the caller is done with it. */
    static Destination.LocalCopy temporary(Path file) {
        return new Destination.LocalCopy() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(file);
            }
        };
    }

    public VerificationResult verify(BackupRecord record, Destination destination, Keys keys,
            ProgressListener progress, Cancellation cancel) {
        try (Checked c = check(record, destination, keys, progress, cancel)) {
            return c.result();
        }
    }

    /** Verifies and keeps the decoded database for a restore; close the result when done. */
    public Checked check(BackupRecord record, Destination destination, Keys keys, ProgressListener progress,
            Cancellation cancel) {
        List<String> checks = new ArrayList<>();
        if (record.isIncremental()) {
            return new VersionChecks(this, clock).check(record, destination, keys, checks, progress, cancel);
        }
        StoredFile stored = record.storedFiles().get(0);
        try {
            if (!destination.exists(stored.name())) {
                return failed(checks, "the stored file " + stored.name() + " is missing");
            }
            long size = destination.sizeBytes(stored.name());
            if (size != stored.sizeBytes()) {
                return failed(checks, size == 0 ? "the stored file is empty"
                        : size < stored.sizeBytes()
                                ? "the stored file is truncated (" + size + " of " + stored.sizeBytes() + " bytes)"
                                : "the stored file has the wrong size (" + size + " bytes, expected " + stored.sizeBytes() + ")");
            }
            checks.add("size: ok (" + size + " bytes)");
        } catch (IOException e) {
            return failed(checks, "the stored file " + stored.name() + " cannot be read (" + e.getMessage() + ")");
        }
        BackupFormat format = record.format();
        boolean lacksKey = (format.ageEncrypted() && keys.identities().isEmpty())
                || (record.sourceCipher() != null && keys.databaseKey() == null);
        if (lacksKey) {
            return checksumOnly(record, destination, keys, checks, progress, cancel);
        }
        if (format.isPlainFile()) {
            return checkPlain(record, destination, keys, checks, progress, cancel);
        }
        return checkEncoded(record, destination, keys, checks, progress, cancel);
    }

    private Checked checkPlain(BackupRecord record, Destination destination, Keys keys, List<String> checks,
            ProgressListener progress, Cancellation cancel) {
        Destination.LocalCopy copy = null;
        try {
            // Kept open until the caller closes the result: a remote destination's download must
            // outlive the check when a restore reads the same file afterwards.
            copy = destination.localCopy(record.file());
            FileChecks.Report report = runChecks(record, copy.path(), keys, true, progress, cancel);
            List<String> problems = new ArrayList<>();
            compareSha(record, report.sha256(), checks, problems);
            Checked c = new Checked(judge(record, report, checks, problems), copy.path(), copy);
            copy = null;
            return c;
        } catch (IOException e) {
            return failed(checks, "the stored file cannot be read (" + e.getMessage() + ")");
        } catch (VerificationFailure f) {
            return failed(checks, f.getMessage());
        } finally {
            closeQuietly(copy);
        }
    }

    private static void closeQuietly(Destination.LocalCopy copy) {
        if (copy != null) {
            try {
                copy.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private Checked checksumOnly(BackupRecord record, Destination destination, Keys keys, List<String> checks,
            ProgressListener progress, Cancellation cancel) {
        try (Destination.LocalCopy copy = destination.localCopy(record.file())) {
            String sha = Sha256.of(copy.path(), progress, ProgressListener.Phase.HASH, cancel);
            List<String> problems = new ArrayList<>();
            compareSha(record, sha, checks, problems);
            if (!problems.isEmpty()) {
                return failed(checks, problems.get(0));
            }
            checks.add("decrypt, SQLite checks: skipped (needs the key)");
            return new Checked(new VerificationResult(clock.instant(), true, false,
                    record.sourceCipher() != null && keys.databaseKey() == null
                            ? "checksum ok; the deep check needs the database key"
                            : "checksum ok; the deep check needs the identity file or passphrase", checks),
                    null, null);
        } catch (IOException e) {
            return failed(checks, "the stored file cannot be read (" + e.getMessage() + ")");
        }
    }

    private Checked checkEncoded(BackupRecord record, Destination destination, Keys keys, List<String> checks,
            ProgressListener progress, Cancellation cancel) {
        Path plain = null;
        boolean keep = false;
        try {
            plain = Verifier.scratchFile(keys);
            StreamCodec.Result decoded;
            long t0 = System.nanoTime();
            try (InputStream in = destination.open(record.file())) {
                decoded = StreamCodec.decode(in, plain, record.format(), keys.identities(), record.storedSizeBytes(),
                        progress, cancel);
            } catch (AgeFailure e) {
                if (e.kind() == AgeFailure.Kind.NO_MATCH) {
                    throw new LifeboatException(ErrorCode.WRONG_KEY, "this backup is encrypted for a different key",
                            Remedy.GIVE_IDENTITY);
                }
                return failed(checks, "the encrypted file is damaged or was changed (age " + e.kind().name().toLowerCase()
                        + " failure)");
            } catch (IOException e) {
                return failed(checks, "the stored file is damaged: it cannot be decompressed (" + e.getMessage() + ")");
            }
            List<String> problems = new ArrayList<>();
            compareSha(record, decoded.sha256(), checks, problems);
            checks.add((record.format().ageEncrypted() ? "decrypt and " : "") + "decompress: ok ("
                    + decoded.plainBytes() + " bytes)");
            if (decoded.plainBytes() != record.originalSizeBytes()) {
                problems.add("the decoded database has the wrong size");
            } else if (record.originalCrc32c() != null) {
                if (record.originalCrc32c().equals(decoded.plainCrc32c())) {
                    checks.add("decoded crc32c: ok (the file captured at creation, byte for byte)");
                } else {
                    problems.add("the decoded database differs from the one captured");
                    checks.add("decoded crc32c: MISMATCH");
                }
            }
            long t1 = System.nanoTime();
            FileChecks.Report report = runChecks(record, plain, keys, false, progress, cancel);
            LoggerFactory.getLogger(Verifier.class).info("verify {} {}: decode {} ms, checks {} ms",
                    record.database(), record.id(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            VerificationResult result = judge(record, report, checks, problems);
            keep = result.ok();
            return new Checked(result, plain, temporary(plain));
        } catch (IOException e) {
            return failed(checks, "the stored file cannot be read (" + e.getMessage() + ")");
        } catch (VerificationFailure f) {
            return failed(checks, f.getMessage());
        } finally {
            if (!keep && plain != null) {
                try {
                    Files.deleteIfExists(plain);
                } catch (IOException ignored) {
                    // cleaned up with the scratch folder
                }
            }
        }
    }

    FileChecks.Report runChecks(BackupRecord record, Path file, Keys keys, boolean hash,
            ProgressListener progress, Cancellation cancel) throws VerificationFailure {
        try {
            return FileChecks.run(file, keys.databaseKey(), false, true, hash, ContentHash.of(record.contentHash()),
                    executor, progress, cancel);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CANCELLED) {
                throw e;
            }
            if (record.sourceCipher() != null && e.code() == ErrorCode.NOT_A_DATABASE) {
                throw new LifeboatException(ErrorCode.WRONG_KEY, "backup " + record.id() + " of " + record.database()
                        + " does not open with the key given: the key is wrong, or it changed since this backup was made",
                        Remedy.REKEY_BACKUPS, record.database());
            }
            throw new VerificationFailure("SQLite cannot read the backup: " + e.getMessage());
        }
    }

    private static void compareSha(BackupRecord record, String sha, List<String> checks, List<String> problems) {
        if (record.sha256().equals(sha)) {
            checks.add("sha256: ok");
        } else {
            problems.add("its checksum does not match (the file was changed or damaged)");
            checks.add("sha256: MISMATCH (expected " + record.sha256() + ", found " + sha + ")");
        }
    }

    VerificationResult judge(BackupRecord record, FileChecks.Report report, List<String> checks,
            List<String> problems) {
        if (report.integrityOk()) {
            checks.add("integrity_check: ok");
        } else {
            problems.add("SQLite's integrity check failed");
            report.integrityRows().stream().limit(5).forEach(r -> checks.add("integrity_check: " + r));
        }
        compareFacts(record, report.facts(), checks, problems);
        if (report.foreignKeyProblems().isEmpty()) {
            checks.add("foreign_key_check: ok");
        } else {
            checks.add("foreign_key_check: " + report.foreignKeyProblems().size()
                    + " violation(s), as in the source (reported, not a failure): " + report.foreignKeyProblems().get(0));
        }
        boolean ok = problems.isEmpty();
        return new VerificationResult(clock.instant(), ok, true, ok ? "all checks passed" : String.join("; ", problems),
                checks);
    }

    private static void compareFacts(BackupRecord r, DatabaseFacts f, List<String> checks, List<String> problems) {
        if (Objects.equals(r.schemaFingerprint(), f.schemaFingerprint())) {
            checks.add("schema: ok");
        } else {
            problems.add("the schema differs from the one recorded");
            checks.add("schema: MISMATCH");
        }
        if (r.tables().equals(f.tables())) {
            checks.add("row counts: ok (" + r.tables().size() + " tables)");
        } else {
            problems.add("row counts differ from the ones recorded");
            checks.add("row counts: MISMATCH (expected " + r.tables() + ", found " + f.tables() + ")");
        }
        if (r.contentHash() == null) {
            return; // newer backups prove their content with the decoded file's SHA-256 instead
        }
        if (f.contentHash() == null) {
            checks.add("content hash: not checked (recorded with a scheme this version does not know)");
        } else if (r.contentHash().equals(f.contentHash())) {
            checks.add("content hash: ok");
        } else {
            problems.add("the data differs from what was captured");
            checks.add("content hash: MISMATCH");
        }
    }

    Checked failed(List<String> checks, String reason) {
        checks.add(reason);
        return new Checked(new VerificationResult(clock.instant(), false, true, reason, checks), null, null);
    }

    /** A check that failed for a reason to report, not to throw. */
    static final class VerificationFailure extends Exception {
        VerificationFailure(String message) {
            super(message);
        }
    }
}
