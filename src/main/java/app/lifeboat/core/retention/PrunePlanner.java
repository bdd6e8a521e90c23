package app.lifeboat.core.retention;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which backups retention removes, and says which rule decided each. Safety rules come
 * first and no policy overrides them: pinned backups and the newest good backup are always kept;
 * failed and source-corrupt backups never take a good backup's place; max-age never removes good
 * backups when no good backup is younger than the limit (recent backups all failed). Safety copies
 * (pre-restore) and pre-migration backups are kept by rules of their own and never count towards
 * the regular rules, so a few restores cannot push every real backup out.
 */
public final class PrunePlanner {
    /** How many pre-restore safety copies are kept, newest first (older ones are superseded). */
    public static final int KEEP_PRE_RESTORE = 3;

    private PrunePlanner() {}

    /** @param newestFirst the catalog's records, newest first */
    public static PrunePlan plan(List<BackupRecord> newestFirst, RetentionPolicy policy, Instant now,
            List<String> leftovers) {
        return plan(newestFirst, policy, now, ZoneId.systemDefault(), leftovers);
    }

    public static PrunePlan plan(List<BackupRecord> newestFirst, RetentionPolicy p, Instant now, ZoneId zone,
            List<String> leftovers) {
        BackupRecord newestGood = newestFirst.stream().filter(r -> r.isGood() && !r.type().isSafetyCopy())
                .findFirst().orElse(null);
        Instant cutoff = p.maxAgeDays() > 0 ? now.minus(Duration.ofDays(p.maxAgeDays())) : null;
        boolean ageApplies = cutoff != null && newestGood != null && newestGood.createdAt().isAfter(cutoff);
        Map<BackupRecord, String> keepRule = keepRules(newestFirst, p, zone);
        Map<BackupRecord, PrunePlan.Decision> decided = new LinkedHashMap<>();
        int preMigrationSeen = 0;
        int preRestoreSeen = 0;
        int regularKept = 0;
        for (BackupRecord r : newestFirst) {
            PrunePlan.Decision d;
            boolean tooOld = ageApplies && !r.createdAt().isAfter(cutoff);
            if (r.pinned()) {
                d = keep(r, "pinned");
            } else if (r == newestGood) {
                d = keep(r, "newest good backup (always kept)");
                if (r.type() != BackupType.PRE_MIGRATION) {
                    regularKept++;
                }
            } else if (!r.isGood() && cutoff != null && !r.createdAt().isAfter(cutoff)) {
                d = delete(r, r.status().label() + " and older than " + p.maxAgeDays() + " days (max-age-days)");
            } else if (!r.isGood()) {
                // A failed backup newer than the newest good one is evidence worth showing; older
                // ones have been superseded by a good backup and only take space.
                boolean newerThanGood = newestGood == null || r.createdAt().isAfter(newestGood.createdAt());
                d = newerThanGood
                        ? keep(r, r.status().label() + ", kept as evidence until a good backup follows")
                        : delete(r, r.status().label() + " and superseded by a good backup");
            } else if (tooOld) {
                d = delete(r, "older than " + p.maxAgeDays() + " days (max-age-days)");
            } else if (r.type().isSafetyCopy()) {
                preRestoreSeen++;
                d = preRestoreSeen <= KEEP_PRE_RESTORE
                        ? keep(r, "one of the last " + KEEP_PRE_RESTORE + " pre-restore safety copies")
                        : delete(r, "more than " + KEEP_PRE_RESTORE + " newer pre-restore safety copies");
            } else if (r.type() == BackupType.PRE_MIGRATION) {
                preMigrationSeen++;
                d = preMigrationSeen <= p.keepPreMigration()
                        ? keep(r, "one of the last " + p.keepPreMigration() + " pre-migration backups")
                        : delete(r, "more than " + p.keepPreMigration() + " newer pre-migration backups");
            } else if (p.hasKeepRules() && !keepRule.containsKey(r)) {
                d = delete(r, "not selected by any keep rule");
            } else if (p.maxCount() > 0 && regularKept >= p.maxCount()) {
                d = delete(r, "beyond the newest " + p.maxCount() + " good backups (max-count)");
            } else {
                regularKept++;
                d = keep(r, p.hasKeepRules() ? keepRule.get(r) : p.maxCount() > 0
                        ? "one of the newest " + p.maxCount() + " good backups" : "no limit on count");
            }
            if (cutoff != null && !ageApplies && r.isGood() && !r.createdAt().isAfter(cutoff) && d.keep()
                    && !r.pinned() && r != newestGood) {
                d = keep(r, d.reason() + "; older than max-age-days but kept: no newer good backup exists");
            }
            decided.put(r, d);
        }
        return new PrunePlan(new ArrayList<>(decided.values()), leftovers);
    }

    private static PrunePlan.Decision keep(BackupRecord r, String reason) {
        return new PrunePlan.Decision(r, true, reason);
    }

    private static PrunePlan.Decision delete(BackupRecord r, String reason) {
        return new PrunePlan.Decision(r, false, reason);
    }

    /** The first keep rule that selects each good regular backup, as restic and borg define them. */
    private static Map<BackupRecord, String> keepRules(List<BackupRecord> newestFirst, RetentionPolicy p, ZoneId zone) {
        List<BackupRecord> good = newestFirst.stream()
                .filter(r -> r.isGood() && r.type() != BackupType.PRE_MIGRATION && !r.type().isSafetyCopy()).toList();
        Map<BackupRecord, String> out = new HashMap<>();
        for (int i = 0; i < Math.min(p.keepLast(), good.size()); i++) {
            out.putIfAbsent(good.get(i), "keep-last " + p.keepLast());
        }
        bucket(good, p.keepHourly(), "keep-hourly", t -> t.truncatedTo(ChronoUnit.HOURS).toString(), zone, out);
        bucket(good, p.keepDaily(), "keep-daily", t -> t.toLocalDate().toString(), zone, out);
        bucket(good, p.keepWeekly(), "keep-weekly",
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), zone, out);
        bucket(good, p.keepMonthly(), "keep-monthly", t -> t.getYear() + "-" + t.getMonthValue(), zone, out);
        bucket(good, p.keepYearly(), "keep-yearly", t -> Integer.toString(t.getYear()), zone, out);
        return out;
    }

    /** Keeps the newest backup of each of the {@code n} most recent periods that have a backup. */
    private static void bucket(List<BackupRecord> good, int n, String rule, Function<ZonedDateTime, String> period,
            ZoneId zone, Map<BackupRecord, String> out) {
        Set<String> seen = new HashSet<>();
        for (BackupRecord r : good) {
            if (seen.size() >= n) {
                return;
            }
            if (seen.add(period.apply(r.createdAt().atZone(zone)))) {
                out.putIfAbsent(r, rule + " " + n);
            }
        }
    }
}
