package app.lifeboat.core.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.cronutils.descriptor.CronDescriptor;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a database is backed up: off, every N minutes/hours/days, daily at a time, weekly on a
 * day and time, or a cron expression (Unix five-field syntax, through cron-utils). Stored in
 * settings as one string, e.g. {@code every 6h}, {@code daily 02:00}, {@code weekly mon 02:00},
 * {@code cron 0 3 * * 1-5}.
 */
public sealed interface Schedule {
    /** The next run strictly after {@code after}, in {@code zone}'s local time; empty when off. */
    Optional<Instant> nextAfter(Instant after, ZoneId zone);

    /** The setting's stored form, which {@link #parse} reads back. */
    @JsonValue
    String spec();

    /** Plain words for people, e.g. "every day at 02:00". */
    String describe();

    Off OFF = new Off();

    /** No schedule: backups only when asked. */
    record Off() implements Schedule {
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            return Optional.empty();
        }

        public String spec() {
            return "off";
        }

        public String describe() {
            return "no schedule";
        }
    }

    /** Every fixed interval, counted from the previous run. */
    record Every(Duration interval) implements Schedule {
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            return Optional.of(after.plus(interval));
        }

        public String spec() {
            return "every " + format(interval);
        }

        public String describe() {
            return "every " + words(interval);
        }
    }

    /** Every day at a local time. */
    record Daily(LocalTime time) implements Schedule {
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            ZonedDateTime local = after.atZone(zone);
            ZonedDateTime candidate = local.with(time).withSecond(0).withNano(0);
            if (!candidate.toInstant().isAfter(after)) {
                candidate = local.toLocalDate().plusDays(1).atTime(time).atZone(zone);
            }
            return Optional.of(candidate.toInstant());
        }

        public String spec() {
            return "daily " + time;
        }

        public String describe() {
            return "every day at " + time;
        }
    }

    /** Every week on a day at a local time. */
    record Weekly(DayOfWeek day, LocalTime time) implements Schedule {
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            ZonedDateTime local = after.atZone(zone);
            ZonedDateTime candidate = local.toLocalDate().with(TemporalAdjusters.nextOrSame(day)).atTime(time).atZone(zone);
            if (!candidate.toInstant().isAfter(after)) {
                candidate = local.toLocalDate().with(TemporalAdjusters.next(day)).atTime(time).atZone(zone);
            }
            return Optional.of(candidate.toInstant());
        }

        public String spec() {
            return "weekly " + day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT) + " " + time;
        }

        public String describe() {
            return "every " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at " + time;
        }
    }

    /** A Unix cron expression (minute hour day-of-month month day-of-week). */
    record Cron(String expression) implements Schedule {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        public Cron {
            PARSER.parse(expression).validate(); // throws IllegalArgumentException with the reason
        }

        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            return ExecutionTime.forCron(PARSER.parse(expression)).nextExecution(after.atZone(zone))
                    .map(ZonedDateTime::toInstant);
        }

        public String spec() {
            return "cron " + expression;
        }

        public String describe() {
            return CronDescriptor.instance(Locale.ENGLISH).describe(PARSER.parse(expression)) + " (cron: " + expression + ")";
        }
    }

    /** Reads the stored form; throws IllegalArgumentException with a readable reason. */
    @JsonCreator
    static Schedule parse(String spec) {
        String s = spec == null ? "off" : spec.trim();
        if (s.equals("off") || s.isEmpty()) {
            return OFF;
        }
        if (s.startsWith("every ")) {
            return new Every(parseInterval(s.substring(6).trim()));
        }
        if (s.startsWith("daily ")) {
            return new Daily(parseTime(s.substring(6).trim()));
        }
        if (s.startsWith("weekly ")) {
            String[] parts = s.substring(7).trim().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a weekly schedule is a day and a time, e.g. \"mon 02:00\"");
            }
            return new Weekly(parseDay(parts[0]), parseTime(parts[1]));
        }
        if (s.startsWith("cron ")) {
            try {
                return new Cron(s.substring(5).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cron expression '" + s.substring(5).trim() + "': "
                        + e.getMessage());
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + s + "'");
    }

    /** Parses {@code 30m}, {@code 6h} or {@code 1d} (at least 5 minutes). */
    static Duration parseInterval(String text) {
        Matcher m = Pattern.compile("(\\d{1,4})([mhd])").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("an interval is a number and m, h or d, e.g. 30m, 6h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(Duration.ofMinutes(5)) < 0) {
            throw new IllegalArgumentException("the shortest interval is 5m");
        }
        return d;
    }

    static LocalTime parseTime(String text) {
        if (!text.matches("\\d{1,2}:\\d{2}")) {
            throw new IllegalArgumentException("a time is HH:MM, e.g. 02:00");
        }
        String[] p = text.split(":");
        int h = Integer.parseInt(p[0]);
        int min = Integer.parseInt(p[1]);
        if (h > 23 || min > 59) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day");
        }
        return LocalTime.of(h, min);
    }

    static DayOfWeek parseDay(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(t) && t.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a day of the week (mon, tue, ...)");
    }

    private static String format(Duration d) {
        if (d.toMinutes() % (24 * 60) == 0) {
            return d.toDays() + "d";
        }
        return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }

    private static String words(Duration d) {
        String f = format(d);
        long n = Long.parseLong(f.substring(0, f.length() - 1));
        String unit = switch (f.charAt(f.length() - 1)) {
            case 'd' -> "day";
            case 'h' -> "hour";
            default -> "minute";
        };
        return n == 1 ? unit : n + " " + unit + "s";
    }
}
