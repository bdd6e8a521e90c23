package app.lifeboat.core.verify;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.VerificationResult;

/** One verified backup: its record as saved after the check, and the check's result. */
public record VerifyOutcome(BackupRecord backup, VerificationResult result) {}
