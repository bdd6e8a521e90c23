package app.lifeboat.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.catalog.Catalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunePlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** A backup {@code daysAgo} old; ids sort like the real ones. */
    private static BackupRecord backup(String id, double daysAgo, BackupStatus status, boolean pinned) {
        return new BackupRecord.Builder().id(id).database("app").file(id + ".db").status(status).pinned(pinned)
                .createdAt(NOW.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60)))).build();
    }

    private static BackupRecord good(String id, double daysAgo) {
        return backup(id, daysAgo, BackupStatus.OK, false);
    }

    private static List<String> kept(PrunePlan plan) {
        return plan.decisions().stream().filter(PrunePlan.Decision::keep).map(d -> d.backup().id()).toList();
    }

    private static List<String> deleted(PrunePlan plan) {
        return plan.deletions().stream().map(BackupRecord::id).toList();
    }

    @Test
    void keepAllPolicyDeletesNoGoodBackupAndGivesEveryDecisionAReason() {
        List<BackupRecord> rs = List.of(backup("e", 0.5, BackupStatus.FAILED, false), good("d", 1), good("c", 300),
                backup("b", 400, BackupStatus.VERIFIED, false));
        PrunePlan plan = PrunePlanner.plan(rs, RetentionPolicy.keepAll(), NOW, List.of());
        assertEquals(List.of(), deleted(plan));
        plan.decisions().forEach(d -> assertFalse(d.reason().isBlank(), d.toString()));
    }

    @Test
    void maxCountKeepsTheNewestGoodBackups() {
        List<BackupRecord> rs = List.of(good("e", 1), good("d", 2), good("c", 3), good("b", 4), good("a", 5));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(2, 0), NOW, List.of());
        assertEquals(List.of("e", "d"), kept(plan));
        assertEquals(List.of("c", "b", "a"), deleted(plan));
        assertTrue(plan.decisions().get(2).reason().contains("max-count"), plan.decisions().get(2).reason());
    }

    @Test
    void maxAgeDeletesBackupsOlderThanTheLimit() {
        List<BackupRecord> rs = List.of(good("c", 1), good("b", 6.9), good("a", 7.1));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(0, 7), NOW, List.of());
        assertEquals(List.of("a"), deleted(plan));
        assertTrue(plan.decisions().get(2).reason().contains("max-age-days"));
    }

    @Test
    void pinnedBackupIsNeverDeletedByCountOrAge() {
        List<BackupRecord> rs = List.of(good("c", 1), good("b", 2), backup("a", 400, BackupStatus.OK, true));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(1, 30), NOW, List.of());
        assertEquals(List.of("c", "a"), kept(plan));
        assertEquals("pinned", plan.decisions().get(2).reason());
    }

    @Test
    void pinnedFailedBackupIsKeptToo() {
        List<BackupRecord> rs = List.of(good("b", 1), backup("a", 400, BackupStatus.FAILED, true));
        assertEquals(List.of(), deleted(PrunePlanner.plan(rs, new RetentionPolicy(1, 30), NOW, List.of())));
    }

    @Test
    void goodBackupsSurviveMaxAgeWhenNoNewerGoodBackupExists() {
        // Everything recent failed: the old good backups are the only way back, however old.
        List<BackupRecord> rs = List.of(backup("c", 90, BackupStatus.FAILED, false), good("b", 100), good("a", 110));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(0, 7), NOW, List.of());
        assertTrue(kept(plan).contains("b"), "the only way back must survive: " + plan);
        assertTrue(kept(plan).contains("a"), "an older good backup must survive too: " + plan);
        assertEquals(List.of("c"), deleted(plan));
    }

    @Test
    void newestGoodBackupIsKeptWhenNewerBackupsFailed() {
        List<BackupRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rs.add(backup("f" + (9 - i), i * 0.1, BackupStatus.FAILED, false));
        }
        rs.add(backup("v", 3, BackupStatus.VERIFIED, false));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(1, 0), NOW, List.of());
        assertTrue(kept(plan).contains("v"), plan.toString());
    }

    @Test
    void failedBackupsNeverDisplaceGoodOnesInTheCount() {
        List<BackupRecord> rs = List.of(backup("f", 0.5, BackupStatus.FAILED, false),
                backup("e", 0.7, BackupStatus.SOURCE_CORRUPT, false), good("d", 1), good("c", 2), good("b", 3));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(2, 0), NOW, List.of());
        assertTrue(kept(plan).containsAll(List.of("d", "c")), "two good backups are kept: " + plan);
        assertEquals(List.of("b"), deleted(plan));
        assertTrue(kept(plan).containsAll(List.of("f", "e")), "failures newer than the newest good are evidence");
    }

    @Test
    void failedBackupOlderThanTheNewestGoodIsRemovedAsSuperseded() {
        List<BackupRecord> rs = List.of(good("c", 1), backup("b", 2, BackupStatus.FAILED, false), good("a", 3));
        PrunePlan plan = PrunePlanner.plan(rs, RetentionPolicy.keepAll(), NOW, List.of());
        assertEquals(List.of("b"), deleted(plan));
    }

    @Test
    void sourceCorruptBackupNeverCountsAsTheNewestGood() {
        List<BackupRecord> rs = List.of(backup("b", 1, BackupStatus.SOURCE_CORRUPT, false), good("a", 50));
        PrunePlan plan = PrunePlanner.plan(rs, new RetentionPolicy(1, 7), NOW, List.of());
        assertTrue(kept(plan).contains("a"), plan.toString());
    }

    @Test
    void leftoversArePassedThroughForRemoval() {
        PrunePlan plan = PrunePlanner.plan(List.of(good("a", 1)), RetentionPolicy.keepAll(), NOW, List.of("x.db"));
        assertEquals(List.of("x.db"), plan.leftovers());
    }

    private static BackupRecord safetyCopy(String id, double daysAgo) {
        return new BackupRecord.Builder().id(id).database("app").file(id + ".db").status(BackupStatus.OK)
                .type(BackupType.PRE_RESTORE).createdAt(NOW.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60)))).build();
    }

    @Test
    void safetyCopiesNeverPushRealBackupsOut() {
        // Seen in the app: three restores, then one backup, with "keep last 3" removed every real backup.
        List<BackupRecord> rs = List.of(good("f", 0.1), safetyCopy("e", 0.2), safetyCopy("d", 0.3), safetyCopy("c", 0.4),
                good("b", 1), good("a", 2));
        RetentionPolicy keepLast3 = new RetentionPolicy(0, 0, 3, 0, 0, 0, 0, 0, RetentionPolicy.DEFAULT_KEEP_PRE_MIGRATION);
        PrunePlan plan = PrunePlanner.plan(rs, keepLast3, NOW, List.of());
        assertEquals(List.of(), deleted(plan), "the three real backups fill keep-last 3; safety copies count apart");
        PrunePlan byCount = PrunePlanner.plan(rs, new RetentionPolicy(3, 0), NOW, List.of());
        assertEquals(List.of(), deleted(byCount));
    }

    @Test
    void safetyCopiesAreKeptByTheirOwnRule() {
        List<BackupRecord> rs = new ArrayList<>(List.of(good("z", 0.01)));
        for (int i = 0; i < 5; i++) {
            rs.add(safetyCopy("s" + (9 - i), 0.1 + i));
        }
        PrunePlan plan = PrunePlanner.plan(rs, RetentionPolicy.keepAll(), NOW, List.of());
        assertEquals(List.of("s6", "s5"), deleted(plan));
        assertTrue(plan.decisions().get(1).reason().contains("pre-restore"), plan.decisions().get(1).reason());
    }

    @Test
    void latestGoodIsTheNewestRealBackupNotASafetyCopy() {
        Catalog.Listing listing = new Catalog.Listing(List.of(safetyCopy("b", 0.1), good("a", 1)), List.of());
        assertEquals("a", listing.latestGood().orElseThrow().id());
        Catalog.Listing onlySafety = new Catalog.Listing(List.of(safetyCopy("b", 0.1)), List.of());
        assertTrue(onlySafety.latestGood().isEmpty());
    }
}
