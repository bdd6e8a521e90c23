package app.lifeboat.core.due;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LastRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuePlannerTest {
    static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    static DatabaseSettings db(String schedule) {
        return new DatabaseSettings("a", "/a.db", "/dest", true, 0, 0, false, null).toBuilder().schedule(schedule).build();
    }

    static BackupRecord backup(Instant at, BackupType type) {
        return new BackupRecord.Builder().id("x").database("a").createdAt(at).type(type).status(BackupStatus.OK)
                .file("x.db").sha256("0").build();
    }

    @Test
    void neverBackedUpIsDueAtOnce() {
        assertTrue(DuePlanner.backupDue(db("daily 02:00"), List.of(), Optional.empty(), T0, ZoneOffset.UTC));
    }

    @Test
    void missedSlotsAreCaughtUpOnceNotOncePerSlot() {
        DatabaseSettings d = db("every 6h");
        Instant lastBackup = T0;
        Instant wokeUp = T0.plus(Duration.ofDays(3)); // twelve slots missed while asleep
        assertTrue(DuePlanner.backupDue(d, List.of(backup(lastBackup, BackupType.SCHEDULED)), Optional.empty(), wokeUp,
                ZoneOffset.UTC));
        // after the catch-up run, the next one is a whole interval away
        List<BackupRecord> after = List.of(backup(wokeUp, BackupType.SCHEDULED), backup(lastBackup, BackupType.SCHEDULED));
        assertFalse(DuePlanner.backupDue(d, after, Optional.empty(), wokeUp.plusSeconds(60), ZoneOffset.UTC));
        assertEquals(wokeUp.plus(Duration.ofHours(6)),
                DuePlanner.nextBackup(d, after, Optional.empty(), wokeUp, ZoneOffset.UTC).orElseThrow());
    }

    @Test
    void aFailedAttemptWaitsForTheNextSlot() {
        DatabaseSettings d = db("daily 02:00");
        Optional<LastRun> failed = Optional.of(new LastRun(T0.plusSeconds(5), false, "disk full", null));
        assertFalse(DuePlanner.backupDue(d, List.of(), failed, T0.plus(Duration.ofHours(12)), ZoneOffset.UTC));
        assertTrue(DuePlanner.backupDue(d, List.of(), failed, T0.plus(Duration.ofHours(24)), ZoneOffset.UTC));
    }

    @Test
    void disabledOrUnscheduledIsNeverDue() {
        assertFalse(DuePlanner.backupDue(db("every 1h").withEnabled(false), List.of(), Optional.empty(), T0, ZoneOffset.UTC));
        assertFalse(DuePlanner.backupDue(db("off"), List.of(), Optional.empty(), T0, ZoneOffset.UTC));
    }

    @Test
    void preRestoreBackupsDoNotCountAsScheduledRuns() {
        List<BackupRecord> onlyPreRestore = List.of(backup(T0, BackupType.PRE_RESTORE));
        assertTrue(DuePlanner.backupDue(db("every 6h"), onlyPreRestore, Optional.empty(), T0.plusSeconds(60), ZoneOffset.UTC));
    }

    @Test
    void reverifyIsDueWeeklyByDefault() {
        DatabaseSettings d = db("off");
        List<BackupRecord> one = List.of(backup(T0, BackupType.MANUAL));
        assertTrue(DuePlanner.reverifyDue(d, one, Optional.empty(), T0));
        assertFalse(DuePlanner.reverifyDue(d, one, Optional.of(T0), T0.plus(Duration.ofDays(6))));
        assertTrue(DuePlanner.reverifyDue(d, one, Optional.of(T0), T0.plus(Duration.ofDays(7))));
        assertFalse(DuePlanner.reverifyDue(d.toBuilder().reverify("off").build(), one, Optional.empty(), T0));
    }
}
