package app.lifeboat.core.verify;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.VerificationResult;
import app.lifeboat.core.incremental.IncrementalStore;
import app.lifeboat.core.codec.StreamCodec;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Verifies a backup that is a version of an incremental store: every page it needs is present,
 * authenticated and hashes to its id while the version is assembled into the private scratch
 * folder; the assembled file matches the CRC-32C and size captured at creation; then the same
 * SQLite checks as for a full backup. The assembled file is kept for a restore when all passed.
 */
final class VersionChecks {
    /** Failures that say nothing about the backup: they are the caller's to report, not a failed verification. */
    private static final Set<ErrorCode> NOT_ABOUT_THE_BACKUP =
            Set.of(ErrorCode.CANCELLED, ErrorCode.WRONG_KEY, ErrorCode.KEY_UNAVAILABLE, ErrorCode.DESTINATION_UNAVAILABLE,
                    ErrorCode.DESTINATION_UNREACHABLE);

    private final Verifier verifier;
    private final Clock clock;

    VersionChecks(Verifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    Verifier.Checked check(BackupRecord record, Destination destination, Verifier.Keys keys, List<String> checks,
            ProgressListener progress, Cancellation cancel) {
        IncrementalStore store;
        try {
            store = keys.stores().apply(destination, record);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return verifier.failed(checks, "the incremental store that holds it is missing");
            }
            if (NOT_ABOUT_THE_BACKUP.contains(e.code())) {
                throw e;
            }
            return verifier.failed(checks, e.getMessage());
        }
        if (!store.hasVersion(record.versionId())) {
            return verifier.failed(checks, "version " + record.versionId() + " is missing from the incremental store");
        }
        checks.add("version: ok (present in the incremental store)");
        boolean lacksKey = (store.encrypted() && keys.identities().isEmpty())
                || (record.sourceCipher() != null && keys.databaseKey() == null);
        if (lacksKey) {
            checks.add("pages, SQLite checks: skipped (needs the key)");
            return new Verifier.Checked(new VerificationResult(clock.instant(), true, false,
                    record.sourceCipher() != null && keys.databaseKey() == null
                            ? "version present; the deep check needs the database key"
                            : "version present; the deep check needs the identity file or passphrase", checks), null, null);
        }
        Path plain = null;
        boolean keep = false;
        try {
            plain = Verifier.scratchFile(keys);
            try {
                store.restore(record.versionId(), plain, progress, cancel);
            } catch (LifeboatException e) {
                if (NOT_ABOUT_THE_BACKUP.contains(e.code())) {
                    throw e;
                }
                return verifier.failed(checks, e.getMessage());
            }
            checks.add("pages: ok (each present, authenticated and matching its id)");
            List<String> problems = new ArrayList<>();
            long size = Files.size(plain);
            String crc = crc32c(plain);
            if (size != record.originalSizeBytes()) {
                problems.add("the assembled database has the wrong size");
            } else if (crc.equals(record.originalCrc32c())) {
                checks.add("assembled crc32c: ok (the file captured at creation, byte for byte)");
            } else {
                problems.add("the assembled database differs from the one captured");
                checks.add("assembled crc32c: MISMATCH");
            }
            FileChecks.Report report = verifier.runChecks(record, plain, keys, false, progress, cancel);
            VerificationResult result = verifier.judge(record, report, checks, problems);
            keep = result.ok();
            return new Verifier.Checked(result, plain, Verifier.temporary(plain));
        } catch (IOException e) {
            return verifier.failed(checks, "the version cannot be assembled in the scratch folder (" + e.getMessage() + ")");
        } catch (Verifier.VerificationFailure f) {
            return verifier.failed(checks, f.getMessage());
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

    static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
        }
        return StreamCodec.crcHex(crc);
    }
}
