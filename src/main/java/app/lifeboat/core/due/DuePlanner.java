package app.lifeboat.core.due;

import app.lifeboat.core.schedule.Schedule;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.LastRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a database's scheduled backup or re-verification is due. The next run is
 * counted from the last backup or attempt, so however many slots were missed while the computer
 * was off or asleep, one run catches up and the next is in the future again.
 */
public final class DuePlanner {
    private DuePlanner() {}

    /** When the next scheduled backup is due (possibly in the past), or empty when none is scheduled. */
    public static Optional<Instant> nextBackup(DatabaseSettings db, List<BackupRecord> newestFirst,
            Optional<LastRun> lastRun, Instant now, ZoneId zone) {
        Schedule schedule = db.effectiveSchedule();
        if (!db.enabled() || schedule instanceof Schedule.Off) {
            return Optional.empty();
        }
        Optional<Instant> anchor = lastActivity(newestFirst, lastRun);
        if (anchor.isEmpty()) {
            return Optional.of(now); // never backed up: due at once
        }
        return schedule.nextAfter(anchor.get(), zone);
    }

    public static boolean backupDue(DatabaseSettings db, List<BackupRecord> newestFirst, Optional<LastRun> lastRun,
            Instant now, ZoneId zone) {
        return nextBackup(db, newestFirst, lastRun, now, zone).map(t -> !t.isAfter(now)).orElse(false);
    }

    /** Due when re-verification is on, there is a good backup, and the last one is a period old. */
    public static boolean reverifyDue(DatabaseSettings db, List<BackupRecord> newestFirst, Optional<Instant> lastReverify,
            Instant now) {
        Duration period = db.reverifyPeriod();
        if (period == null || newestFirst.stream().noneMatch(BackupRecord::isGood)) {
            return false;
        }
        return lastReverify.map(t -> !t.plus(period).isAfter(now)).orElse(true);
    }

    private static Optional<Instant> lastActivity(List<BackupRecord> newestFirst, Optional<LastRun> lastRun) {
        Optional<Instant> backup = newestFirst.stream()
                .filter(r -> r.type() == BackupType.MANUAL || r.type() == BackupType.SCHEDULED)
                .map(BackupRecord::createdAt).findFirst();
        Optional<Instant> attempt = lastRun.map(LastRun::at);
        if (backup.isEmpty()) {
            return attempt;
        }
        if (attempt.isEmpty()) {
            return backup;
        }
        return Optional.of(backup.get().isAfter(attempt.get()) ? backup.get() : attempt.get());
    }
}
