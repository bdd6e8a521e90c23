package app.lifeboat.ui.main;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the backups table with every shown value computed up front, so cells only display
 * (thousands of rows scroll without work in cell factories). Values sort by what they mean, not by
 * their text.
 */
public record BackupRow(BackupRecord record, Created created, String type, BackupStatus status, Size original,
        Size stored, Ratio ratio, boolean encrypted, boolean pinned, String tags, String description) {

    public String id() {
        return record.id();
    }

    /** A creation time that sorts by instant and shows "2026-11-21 14:03 (2 h ago)". */
    public record Created(Instant at, String text) implements Comparable<Created> {
        @Override
        public int compareTo(Created o) {
            return at.compareTo(o.at);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A byte count that sorts numerically and shows "1.5 MiB". */
    public record Size(long bytes) implements Comparable<Size> {
        @Override
        public int compareTo(Size o) {
            return Long.compare(bytes, o.bytes);
        }

        @Override
        public String toString() {
            return Bytes.human(bytes);
        }
    }

    /** Original size / stored size, shown as "2.4×". */
    public record Ratio(double value) implements Comparable<Ratio> {
        public static Ratio of(long original, long stored) {
            return new Ratio(stored > 0 ? (double) original / stored : 0);
        }

        @Override
        public int compareTo(Ratio o) {
            return Double.compare(value, o.value);
        }

        @Override
        public String toString() {
            return value == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", value);
        }
    }
}
