package app.lifeboat.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One check of a verification as data: which check, its outcome, and a detail for people. Stored
 * in sidecars as {@code results}; sidecars written before it existed hold only English lines
 * ({@code checks}), which {@link #fromLine} reads back.
 *
 * @param check what was checked, e.g. "sha256", "integrity_check", "row counts"
 * @param detail the rest of the line, e.g. "12582912 bytes" or "expected 67294c…, found 0be1a2…"; may be empty
 */
public record CheckResult(String check, Outcome outcome, String detail) {

    /** How a check ended. */
    public enum Outcome {
        OK, FAILED, SKIPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome parse(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    private static final Pattern LINE = Pattern.compile("([^:]+): (ok|MISMATCH|FAILED|skipped|not checked)\\b ?(.*)");

    /**
     * Reads one of the lines Lifeboat has always written ("sha256: ok", "row counts: MISMATCH (…)",
     * "decrypt, SQLite checks: skipped (needs the key)"); any other line is the reason a check failed.
     */
    public static CheckResult fromLine(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            // "integrity_check: row 7 missing from index ..." is a finding of that check; a line
            // without a check name is the reason the verification stopped.
            int colon = line.indexOf(": ");
            return colon > 0 && colon < 40 ? new CheckResult(line.substring(0, colon), Outcome.FAILED,
                    line.substring(colon + 2)) : new CheckResult("verify", Outcome.FAILED, line);
        }
        Outcome outcome = switch (m.group(2)) {
            case "ok" -> Outcome.OK;
            case "skipped", "not checked" -> Outcome.SKIPPED;
            default -> Outcome.FAILED;
        };
        String detail = m.group(3).strip();
        if (detail.startsWith("(") && detail.endsWith(")")) {
            detail = detail.substring(1, detail.length() - 1);
        }
        return new CheckResult(m.group(1).strip(), outcome, detail);
    }
}
