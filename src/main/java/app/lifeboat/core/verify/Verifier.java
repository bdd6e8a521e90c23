package app.lifeboat.core.verify;

import app.lifeboat.core.Cancellation;
import app.lifeboat.core.ErrorCode;
import app.lifeboat.core.LifeboatException;
import app.lifeboat.core.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.StoredFile;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.sqlite.DatabaseFacts;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Proves a stored backup still holds exactly what was captured: the file's SHA-256, SQLite's
 * integrity check, and the schema fingerprint, row counts and logical content hash recorded at
 * creation. Every failure is reported with its reason; nothing here throws for a bad backup.
 */
public final class Verifier {
    private final Executor executor;
    private final Clock clock;

    public Verifier(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    public VerificationResult verify(BackupRecord record, Destination destination, ProgressListener progress,
            Cancellation cancel) {
        List<String> checks = new ArrayList<>();
        StoredFile stored = record.storedFiles().get(0);
        long size;
        try {
            if (!destination.exists(stored.name())) {
                return fail(checks, "the stored file " + stored.name() + " is missing");
            }
            size = destination.sizeBytes(stored.name());
        } catch (IOException e) {
            return fail(checks, "the stored file " + stored.name() + " cannot be read (" + e.getMessage() + ")");
        }
        if (size != stored.sizeBytes()) {
            return fail(checks, size == 0 ? "the stored file is empty"
                    : size < stored.sizeBytes()
                            ? "the stored file is truncated (" + size + " of " + stored.sizeBytes() + " bytes)"
                            : "the stored file has the wrong size (" + size + " bytes, expected " + stored.sizeBytes() + ")");
        }
        checks.add("size: ok (" + size + " bytes)");
        FileChecks.Report report;
        try (Destination.LocalCopy copy = destination.localCopy(stored.name())) {
            report = FileChecks.run(copy.path(), true, true, executor, progress, cancel);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CANCELLED) {
                throw e;
            }
            return fail(checks, "SQLite cannot read the stored file: " + e.getMessage());
        } catch (IOException e) {
            return fail(checks, "the stored file cannot be read (" + e.getMessage() + ")");
        }
        List<String> problems = new ArrayList<>();
        if (stored.sha256().equals(report.sha256())) {
            checks.add("sha256: ok");
        } else {
            problems.add("its checksum does not match (the file was changed or damaged)");
            checks.add("sha256: MISMATCH (expected " + stored.sha256() + ", found " + report.sha256() + ")");
        }
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
        String summary = ok ? "all checks passed" : String.join("; ", problems);
        return new VerificationResult(clock.instant(), ok, true, summary, checks);
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
        if (Objects.equals(r.contentHash(), f.contentHash())) {
            checks.add("content hash: ok");
        } else {
            problems.add("the data differs from what was captured");
            checks.add("content hash: MISMATCH");
        }
    }

    private VerificationResult fail(List<String> checks, String reason) {
        checks.add(reason);
        return new VerificationResult(clock.instant(), false, true, reason, checks);
    }
}
