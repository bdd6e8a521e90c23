package app.lifeboat.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.PendingCopy;
import app.lifeboat.core.io.LocalFolderDestination;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queued copy is "pending" while it may be a short outage and "failing" after a day, with its reason. */
class PendingCopyWarningTest {
    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private List<Warning> warnings(List<PendingCopy> pending) {
        DatabaseSettings db = new DatabaseSettings("app", dir.resolve("app.db").toString(), dir.toString(), true, 0, 0,
                false, null);
        return new HealthChecker(Duration.ofHours(48)).check(db, new LocalFolderDestination(dir.resolve("app")),
                new Catalog.Listing(List.of(), List.of()), Optional.empty(), Optional.empty(), NOW,
                new HealthChecker.Problems(List.of(), null, pending)).warnings();
    }

    private static List<Warning> of(List<Warning> all, Warning.Code code) {
        return all.stream().filter(w -> w.code() == code).toList();
    }

    @Test
    void aFreshFailureIsPendingWithItsReason() {
        List<Warning> w = warnings(List.of(PendingCopy.failed("b1", "s3", NOW.minus(Duration.ofHours(2)), "server down")));
        assertEquals(1, of(w, Warning.Code.OFFSITE_COPY_PENDING).size());
        assertTrue(of(w, Warning.Code.OFFSITE_COPY_PENDING).get(0).message().contains("server down"));
        assertEquals(0, of(w, Warning.Code.OFFSITE_COPY_FAILING).size());
    }

    @Test
    void afterADayItIsFailingAndAnError() {
        PendingCopy old = PendingCopy.failed("b1", "s3", NOW.minus(Duration.ofHours(30)), "first")
                .failedAgain(NOW.minus(Duration.ofMinutes(5)), "credentials refused");
        List<Warning> w = warnings(List.of(old, PendingCopy.failed("b2", "s3", NOW, "credentials refused")));
        List<Warning> failing = of(w, Warning.Code.OFFSITE_COPY_FAILING);
        assertEquals(1, failing.size(), "one warning per destination");
        assertEquals(Warning.Severity.ERROR, failing.get(0).severity());
        assertTrue(failing.get(0).message().contains("30 hours") && failing.get(0).message().contains("2 backups"),
                failing.get(0).message());
    }

    @Test
    void retriesBackOffFromAMinuteToAtMostTheTimersFifteenMinutes() {
        PendingCopy p = PendingCopy.failed("b", "s3", NOW, "x");
        assertEquals(NOW.plus(Duration.ofMinutes(1)), p.nextAttempt());
        for (int i = 0; i < 20; i++) {
            p = p.failedAgain(NOW, "x");
        }
        assertEquals(NOW.plus(Duration.ofMinutes(15)), p.nextAttempt());
        assertTrue(p.due(NOW.plus(Duration.ofMinutes(15))));
    }
}
