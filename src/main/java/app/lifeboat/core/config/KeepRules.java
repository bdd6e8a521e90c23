package app.lifeboat.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The keep-rules of a database's retention (null = not set, 0 = off): newest N, and the newest
 * backup of each of the last N hours, days, ISO weeks, months and years.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeepRules(Integer last, Integer hourly, Integer daily, Integer weekly, Integer monthly, Integer yearly) {
    /** Desktop defaults: last 3, 7 daily, 4 weekly, 12 monthly. */
    public static final KeepRules DESKTOP = new KeepRules(3, 0, 7, 4, 12, 0);

    public static final KeepRules NONE = new KeepRules(null, null, null, null, null, null);

    /** These rules with the non-null fields of {@code change} applied. */
    public KeepRules merge(KeepRules change) {
        if (change == null) {
            return this;
        }
        return new KeepRules(pick(change.last, last), pick(change.hourly, hourly), pick(change.daily, daily),
                pick(change.weekly, weekly), pick(change.monthly, monthly), pick(change.yearly, yearly));
    }

    private static Integer pick(Integer a, Integer b) {
        return a != null ? a : b;
    }

    static int n(Integer v) {
        return v == null ? 0 : v;
    }

    /** Plain words, e.g. "last 3, 7 daily, 4 weekly, 12 monthly". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        append(b, last, "last ", "");
        append(b, hourly, "", " hourly");
        append(b, daily, "", " daily");
        append(b, weekly, "", " weekly");
        append(b, monthly, "", " monthly");
        append(b, yearly, "", " yearly");
        return b.length() == 0 ? "keep all" : b.toString();
    }

    private static void append(StringBuilder b, Integer v, String before, String after) {
        if (v != null && v > 0) {
            b.append(b.length() == 0 ? "" : ", ").append(before).append(v).append(after);
        }
    }
}
