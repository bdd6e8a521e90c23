package app.lifeboat.core.inspect;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.sqlite.RawPages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Two plain copies of one database compared page by page, so a diff reads with SQL only the rows
 * that can have changed. Two backups a day apart share almost all their pages: a leaf of a table's
 * b-tree that is the same page, with the same bytes and the same overflow pages, in both trees holds
 * the same rows on both sides (a rowid is on one leaf only), so only the rowid ranges of the other
 * leaves need comparing. When the files cannot be followed (encrypted, damaged, different page
 * sizes or text encodings), or too much moved for this to pay (after a VACUUM), the answer is
 * "unknown" and the whole table is compared as before.
 */
final class SharedPages implements AutoCloseable {
    private final RawPages a;
    private final RawPages b;
    private final RawPages.Delta delta;

    private SharedPages(RawPages a, RawPages b, RawPages.Delta delta) {
        this.a = a;
        this.b = b;
        this.delta = delta;
    }

    /** Compares two plain database files, or returns null when their pages cannot be compared. */
    static SharedPages open(Path before, Path after, Cancellation cancel) {
        RawPages a = null;
        RawPages b = null;
        try {
            a = RawPages.open(before);
            b = RawPages.open(after);
            if (!a.sameLayout(b)) {
                return null;
            }
            SharedPages shared = new SharedPages(a, b, a.compare(b, cancel));
            a = null;
            b = null;
            return shared;
        } catch (IOException e) {
            return null; // compared with SQL instead, which reports any damage in its own words
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    /**
     * The rowid ranges, sorted and disjoint, as {@code [lo0, hi0, lo1, hi1, ...]}, outside which the
     * table's rows are the same on both sides; null when that cannot be told or would not pay.
     *
     * @param rootBefore the table's root page in the older file, {@code rootAfter} in the newer
     */
    long[] changedRanges(int rootBefore, int rootAfter, Cancellation cancel) {
        try {
            List<Integer> leavesA = a.tableLeaves(rootBefore, delta, cancel);
            List<Integer> leavesB = b.tableLeaves(rootAfter, delta, cancel);
            BitSet inB = new BitSet();
            leavesB.forEach(inB::set);
            BitSet shared = new BitSet();
            List<long[]> ranges = new ArrayList<>();
            int unshared = 0;
            int limit = Math.max(leavesA.size(), leavesB.size()) / 2 + 1;
            for (int p : leavesA) {
                if (!delta.differs(p) && inB.get(p) && overflowUnchanged(p)) {
                    shared.set(p);
                } else {
                    if (++unshared > limit) {
                        return null;
                    }
                    add(ranges, a.leaf(p, null));
                }
            }
            for (int p : leavesB) {
                if (!shared.get(p)) {
                    if (++unshared > 2 * limit) {
                        return null;
                    }
                    add(ranges, b.leaf(p, null));
                }
            }
            return merged(ranges);
        } catch (IOException e) {
            return null;
        }
    }

    private boolean overflowUnchanged(int leaf) throws IOException {
        Boolean known = delta.overflowUnchanged(leaf);
        return known != null ? known : a.leaf(leaf, delta) != null;
    }

    private static void add(List<long[]> ranges, RawPages.Leaf leaf) {
        if (leaf.cells() > 0) {
            ranges.add(new long[] {leaf.minRowid(), leaf.maxRowid()});
        }
    }

    static long[] merged(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong((long[] r) -> r[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        long[] flat = new long[out.size() * 2];
        for (int i = 0; i < out.size(); i++) {
            flat[2 * i] = out.get(i)[0];
            flat[2 * i + 1] = out.get(i)[1];
        }
        return flat;
    }

    /** The ranges as a JSON array of {@code [lo, hi]} pairs, bound as one parameter of the counting queries. */
    static String json(long[] ranges) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < ranges.length; i += 2) {
            s.append(i == 0 ? "[" : ",[").append(ranges[i]).append(',').append(ranges[i + 1]).append(']');
        }
        return s.append(']').toString();
    }

    @Override
    public void close() {
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void closeQuietly(RawPages p) {
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
        }
    }
}
