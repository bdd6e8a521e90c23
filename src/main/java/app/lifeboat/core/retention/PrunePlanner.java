package app.lifeboat.core.retention;

import app.lifeboat.core.catalog.BackupRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which backups retention removes. Safety rules come first and cannot be overridden by a
 * policy: pinned backups and the newest good backup are always kept, and a failed or
 * source-corrupt backup never takes a good backup's place in the count.
 */
public final class PrunePlanner {
    private PrunePlanner() {}

    /** @param newestFirst the catalog's records, newest first */
    public static PrunePlan plan(List<BackupRecord> newestFirst, RetentionPolicy policy, Instant now,
            List<String> leftovers) {
        BackupRecord newestGood = newestFirst.stream().filter(BackupRecord::isGood).findFirst().orElse(null);
        List<PrunePlan.Decision> out = new ArrayList<>();
        int goodSeen = 0;
        for (BackupRecord r : newestFirst) {
            boolean good = r.isGood();
            if (good) {
                goodSeen++;
            }
            out.add(decide(r, good, goodSeen, r == newestGood, newestGood, policy, now));
        }
        return new PrunePlan(out, leftovers);
    }

    private static PrunePlan.Decision decide(BackupRecord r, boolean good, int goodRank, boolean isNewestGood,
            BackupRecord newestGood, RetentionPolicy p, Instant now) {
        if (r.pinned()) {
            return new PrunePlan.Decision(r, true, "pinned");
        }
        if (isNewestGood) {
            return new PrunePlan.Decision(r, true, "newest good backup (always kept)");
        }
        long ageDays = Duration.between(r.createdAt(), now).toDays();
        if (p.maxAgeDays() > 0 && ageDays >= p.maxAgeDays()) {
            return new PrunePlan.Decision(r, false, "older than " + p.maxAgeDays() + " days (max-age-days)");
        }
        if (!good) {
            // A failed backup newer than the newest good one is evidence worth showing; older ones
            // have been superseded by a good backup and only take space.
            boolean newerThanGood = newestGood == null || r.createdAt().isAfter(newestGood.createdAt());
            return newerThanGood
                    ? new PrunePlan.Decision(r, true, r.status().label() + ", kept as evidence until a good backup follows")
                    : new PrunePlan.Decision(r, false, r.status().label() + " and superseded by a good backup");
        }
        if (p.maxCount() > 0 && goodRank > p.maxCount()) {
            return new PrunePlan.Decision(r, false, "beyond the newest " + p.maxCount() + " good backups (max-count)");
        }
        return new PrunePlan.Decision(r, true, p.maxCount() > 0
                ? "one of the newest " + p.maxCount() + " good backups" : "no limit on count");
    }
}
