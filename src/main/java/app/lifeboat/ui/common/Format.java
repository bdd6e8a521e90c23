package app.lifeboat.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Dates and durations as the window shows them: local time, and "3 h ago". */
public final class Format {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Messages messages;
    private final ZoneId zone;

    public Format(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    public String dateTime(Instant at) {
        return at == null ? messages.get("format.never") : LOCAL.format(at.atZone(zone));
    }

    public String relative(Instant at, Instant now) {
        if (at == null) {
            return messages.get("format.never");
        }
        Duration d = Duration.between(at, now);
        if (d.toMinutes() < 1) {
            return messages.get("format.justNow");
        }
        if (d.toHours() < 1) {
            return messages.get("format.minutesAgo", d.toMinutes());
        }
        if (d.toDays() < 2) {
            return messages.get("format.hoursAgo", d.toHours());
        }
        return messages.get("format.daysAgo", d.toDays());
    }
}
