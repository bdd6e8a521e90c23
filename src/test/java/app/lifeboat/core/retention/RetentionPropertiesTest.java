package app.lifeboat.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.core.catalog.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariants of retention over random backup histories (fixed seeds, so failures reproduce). */
class RetentionPropertiesTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static List<BackupRecord> history(Random rnd, int n, double failedShare) {
        List<BackupRecord> out = new ArrayList<>();
        Instant t = NOW;
        for (int i = 0; i < n; i++) {
            t = t.minus(Duration.ofMinutes(1 + rnd.nextInt(60 * 48)));
            BackupStatus s = rnd.nextDouble() < failedShare
                    ? (rnd.nextBoolean() ? BackupStatus.FAILED : BackupStatus.SOURCE_CORRUPT)
                    : (rnd.nextBoolean() ? BackupStatus.OK : BackupStatus.VERIFIED);
            BackupType type = rnd.nextInt(10) == 0 ? BackupType.PRE_MIGRATION
                    : rnd.nextInt(10) == 0 ? BackupType.PRE_RESTORE : BackupType.SCHEDULED;
            out.add(new BackupRecord.Builder().id("b" + i).database("d").createdAt(t).type(type).status(s)
                    .file("b" + i + ".db").sha256("0").pinned(rnd.nextInt(15) == 0).build());
        }
        out.sort(Comparator.comparing(BackupRecord::createdAt).reversed());
        return out;
    }

    static RetentionPolicy policy(Random rnd) {
        return new RetentionPolicy(rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(10) : 0, rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(60) : 0,
                rnd.nextInt(5), rnd.nextInt(3) * 6, rnd.nextInt(10), rnd.nextInt(5), rnd.nextInt(13), rnd.nextInt(3), 3);
    }

    static Set<String> kept(PrunePlan plan) {
        return plan.decisions().stream().filter(PrunePlan.Decision::keep).map(d -> d.backup().id()).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void pinnedAndNewestGoodAreNeverDeleted(int seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<BackupRecord> h = history(rnd, 1 + rnd.nextInt(120), rnd.nextDouble() * 0.6);
            PrunePlan plan = PrunePlanner.plan(h, policy(rnd), NOW, ZoneOffset.UTC, List.of());
            Set<String> kept = kept(plan);
            h.stream().filter(BackupRecord::pinned).forEach(r -> assertTrue(kept.contains(r.id()), "pinned " + r.id()));
            h.stream().filter(BackupRecord::isGood).findFirst()
                    .ifPresent(r -> assertTrue(kept.contains(r.id()), "newest good " + r.id()));
            assertEquals(h.size(), plan.decisions().size(), "every backup gets a decision");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void failedBackupsNeverDisplaceGoodOnes(int seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<BackupRecord> h = history(rnd, 1 + rnd.nextInt(80), 0);
            RetentionPolicy p = policy(rnd);
            Set<String> keptWithout = kept(PrunePlanner.plan(h, p, NOW, ZoneOffset.UTC, List.of()));
            // sprinkle failed backups into the same history: the good ones' fate must not change
            List<BackupRecord> withFailures = new ArrayList<>(h);
            for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
                withFailures.add(new BackupRecord.Builder().id("f" + i).database("d")
                        .createdAt(NOW.minus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 30)))).type(BackupType.SCHEDULED)
                        .status(BackupStatus.FAILED).file("f" + i + ".db").sha256("0").build());
            }
            withFailures.sort(Comparator.comparing(BackupRecord::createdAt).reversed());
            Set<String> keptWith = kept(PrunePlanner.plan(withFailures, p, NOW, ZoneOffset.UTC, List.of()));
            for (BackupRecord r : h) {
                assertEquals(keptWithout.contains(r.id()), keptWith.contains(r.id()), "good backup " + r.id());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 32, 33, 34, 35})
    void keepLastAloneKeepsExactlyTheNewestGoodOnes(int seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<BackupRecord> h = history(rnd, 1 + rnd.nextInt(60), 0.3).stream()
                    .map(r -> new BackupRecord.Builder(r).pinned(false).type(BackupType.SCHEDULED).build()).toList();
            int n = 1 + rnd.nextInt(10);
            Set<String> kept = kept(PrunePlanner.plan(h, new RetentionPolicy(0, 0, n, 0, 0, 0, 0, 0, 3), NOW,
                    ZoneOffset.UTC, List.of()));
            Set<String> expected = h.stream().filter(BackupRecord::isGood).limit(n).map(BackupRecord::id)
                    .collect(Collectors.toSet());
            BackupRecord newestGood = h.stream().filter(BackupRecord::isGood).findFirst().orElse(null);
            // failed ones newer than the newest good are kept as evidence
            h.stream().filter(r -> !r.isGood() && (newestGood == null || r.createdAt().isAfter(newestGood.createdAt())))
                    .forEach(r -> expected.add(r.id()));
            assertEquals(expected, kept);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {41, 42, 43})
    void oldGoodBackupsSurviveMaxAgeWhenEverythingRecentFailed(int seed) {
        Random rnd = new Random(seed);
        List<BackupRecord> h = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            h.add(new BackupRecord.Builder().id("new" + i).createdAt(NOW.minus(Duration.ofHours(i + 1)))
                    .status(BackupStatus.FAILED).file("n" + i).sha256("0").build());
        }
        for (int i = 0; i < 5; i++) {
            h.add(new BackupRecord.Builder().id("old" + i).createdAt(NOW.minus(Duration.ofDays(100 + i + rnd.nextInt(5))))
                    .status(BackupStatus.OK).file("o" + i).sha256("0").build());
        }
        h.sort(Comparator.comparing(BackupRecord::createdAt).reversed());
        Set<String> kept = kept(PrunePlanner.plan(h, new RetentionPolicy(0, 30), NOW, ZoneOffset.UTC, List.of()));
        for (int i = 0; i < 5; i++) {
            assertTrue(kept.contains("old" + i), "old good backup old" + i + " must survive");
        }
    }

    @Test
    void onlyTheLastThreePreMigrationBackupsAreKept() {
        List<BackupRecord> h = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            h.add(new BackupRecord.Builder().id("pm" + i).createdAt(NOW.minus(Duration.ofDays(i + 1)))
                    .type(BackupType.PRE_MIGRATION).status(BackupStatus.OK).file("p" + i).sha256("0").build());
        }
        h.add(0, new BackupRecord.Builder().id("latest").createdAt(NOW).type(BackupType.SCHEDULED)
                .status(BackupStatus.OK).file("l").sha256("0").build());
        Set<String> kept = kept(PrunePlanner.plan(h, RetentionPolicy.desktopDefaults(), NOW, ZoneOffset.UTC, List.of()));
        assertEquals(Set.of("latest", "pm0", "pm1", "pm2"), kept);
    }

    @ParameterizedTest
    @ValueSource(ints = {61, 62, 63, 64, 65, 66, 67, 68, 69, 70})
    void safetyCopiesNeverChangeWhichRegularBackupsAreKept(int seed) {
        Random rnd = new Random(seed);
        List<BackupRecord> h = history(rnd, 40 + rnd.nextInt(60), 0.2);
        RetentionPolicy p = policy(rnd);
        List<BackupRecord> withoutSafetyCopies = h.stream().filter(r -> !r.type().isSafetyCopy()).toList();
        Set<String> regularKept = kept(PrunePlanner.plan(h, p, NOW, ZoneOffset.UTC, List.of()));
        regularKept.retainAll(withoutSafetyCopies.stream().map(BackupRecord::id).collect(Collectors.toSet()));
        assertEquals(kept(PrunePlanner.plan(withoutSafetyCopies, p, NOW, ZoneOffset.UTC, List.of())), regularKept,
                "seed " + seed);
    }
}
