package app.lifeboat.core.verify;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.CatalogProblem;
import app.lifeboat.core.catalog.VerificationResult;
import java.time.Instant;
import java.util.List;

/** One verified backup: its record as saved after the check, and the check's result. */
public record VerifyOutcome(BackupRecord backup, VerificationResult result) {

    /** A backup whose metadata could not be read: it fails verification (nothing proves it restores). */
    public static VerifyOutcome unreadable(String database, CatalogProblem problem, Instant at) {
        String name = problem.name();
        String id = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        BackupRecord placeholder = new BackupRecord.Builder().id(id).database(database).file(name)
                .status(BackupStatus.FAILED).build();
        String summary = "its metadata file " + name + " is " + problem.message();
        return new VerifyOutcome(placeholder, new VerificationResult(at, false, false, summary,
                List.of("metadata: " + problem.message())));
    }
}
