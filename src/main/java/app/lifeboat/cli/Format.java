package app.lifeboat.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Time formatting for terminal output: local time plus a short "3h ago". */
final class Format {
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Format() {}

    static String local(Instant t) {
        return t == null ? "-" : LOCAL.format(t);
    }

    static String ago(Instant t, Instant now) {
        if (t == null) {
            return "never";
        }
        Duration d = Duration.between(t, now);
        if (d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + "m ago";
        }
        if (d.toDays() < 2) {
            return d.toHours() + "h ago";
        }
        return d.toDays() + "d ago";
    }
}
