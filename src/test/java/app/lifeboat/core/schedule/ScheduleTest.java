package app.lifeboat.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Instant at(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), BERLIN).toInstant();
    }

    static String next(String spec, String afterLocal) {
        return Schedule.parse(spec).nextAfter(at(afterLocal), BERLIN).orElseThrow().atZone(BERLIN)
                .toLocalDateTime().toString();
    }

    @Test
    void storedFormsRoundTripAndReadAsPlainWords() {
        assertEquals("every day at 02:00", Schedule.parse("daily 02:00").describe());
        assertEquals("every 6 hours", Schedule.parse("every 6h").describe());
        assertEquals("every 30 minutes", Schedule.parse("every 30m").describe());
        assertEquals("every Monday at 02:00", Schedule.parse("weekly mon 02:00").describe());
        assertEquals("weekly mon 02:00", Schedule.parse("weekly monday 2:00").spec());
        assertTrue(Schedule.parse("cron 0 3 * * 1-5").describe().contains("03:00"));
        assertEquals("no schedule", Schedule.parse("off").describe());
    }

    @Test
    void dailyRunsLaterTodayOrTomorrow() {
        assertEquals("2026-11-22T02:00", next("daily 02:00", "2026-11-22T01:59"));
        assertEquals("2026-11-23T02:00", next("daily 02:00", "2026-11-22T02:00"));
    }

    @Test
    void dailyOnTheSpringForwardDayRunsAfterTheGap() {
        // 2026-03-29 02:00-03:00 does not exist in Berlin; the run moves to 03:30 local.
        assertEquals("2026-03-29T03:30", next("daily 02:30", "2026-03-28T23:00"));
    }

    @Test
    void dailyOnTheFallBackDayRunsOnce() {
        Instant first = Schedule.parse("daily 02:30").nextAfter(at("2026-10-25T00:00"), BERLIN).orElseThrow();
        Instant second = Schedule.parse("daily 02:30").nextAfter(first, BERLIN).orElseThrow();
        assertEquals("2026-10-26T02:30", second.atZone(BERLIN).toLocalDateTime().toString());
    }

    @Test
    void weeklyFindsTheNextDay() {
        assertEquals("2026-11-23T02:00", next("weekly mon 02:00", "2026-11-22T12:00")); // a Sunday
        assertEquals("2026-11-30T02:00", next("weekly mon 02:00", "2026-11-23T02:00"));
    }

    @Test
    void cronHandlesMonthEndsAndLeapDays() {
        assertEquals("2026-12-31T00:00", next("cron 0 0 31 * *", "2026-11-22T00:00"));
        assertEquals("2028-02-29T12:00", next("cron 0 12 29 2 *", "2026-03-01T00:00"));
        assertEquals("2026-11-23T03:00", next("cron 0 3 * * 1-5", "2026-11-21T04:00"));
    }

    @Test
    void badSchedulesSayWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("every 1m")).getMessage().contains("5m"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("daily 25:00"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("weekly funday 02:00"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("cron 61 * * * *"))
                .getMessage().startsWith("invalid cron expression"));
    }
}
