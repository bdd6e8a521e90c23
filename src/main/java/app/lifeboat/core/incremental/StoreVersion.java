package app.lifeboat.core.incremental;

import java.time.Instant;

/**
 * One version in the store: a database file of {@code sizeBytes} cut into {@code pageCount} pages
 * of {@code pageSize}, named by the tree whose root is {@code root} ({@code levels} levels, each
 * leaf listing {@code leafPages} page ids and each inner node {@code fanout} children).
 *
 * @param id the version's id, a plain name usable by a catalog
 * @param label free text the caller gave (e.g. the database name); not secret
 */
public record StoreVersion(int format, String id, Instant created, String label, int pageSize, long sizeBytes,
        long pageCount, int leafPages, int fanout, int levels, String root) {

    /** The node counts per level, leaves first: every level's nodes hold the level below in order. */
    long[] levelCounts() {
        long[] counts = new long[levels];
        long n = pageCount;
        for (int l = 0; l < levels; l++) {
            n = (n + (l == 0 ? leafPages : fanout) - 1) / (l == 0 ? leafPages : fanout);
            counts[l] = n;
        }
        return counts;
    }

    static int levelsFor(long pageCount, int leafPages, int fanout) {
        if (pageCount == 0) {
            return 0;
        }
        int levels = 1;
        long n = (pageCount + leafPages - 1) / leafPages;
        while (n > 1) {
            n = (n + fanout - 1) / fanout;
            levels++;
        }
        return levels;
    }

    /** Checks what a version object read from the store says before anything trusts it. */
    void check(String name) {
        Format.require(id.equals(name), "version " + name + " names itself " + id);
        Format.require(pageSize >= 512 && pageSize <= Format.MAX_PAGE_SIZE && Integer.bitCount(pageSize) == 1,
                "version " + name + " has an impossible page size");
        Format.require(sizeBytes >= 0 && pageCount == (sizeBytes + pageSize - 1) / pageSize,
                "version " + name + " has inconsistent sizes");
        Format.require(leafPages > 0 && leafPages <= 4096 && fanout > 1 && fanout <= 4096,
                "version " + name + " has an impossible tree shape");
        Format.require(levels == levelsFor(pageCount, leafPages, fanout), "version " + name + " has the wrong number of tree levels");
        Format.require(pageCount == 0 ? root == null : root != null && IncrementalStore.isHex(root, 64),
                "version " + name + " has a bad root");
    }
}
