package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a version's tree level by level, from the root down to the page ids, reading each level's
 * distinct nodes in one pass over their packs. Tree nodes are not encrypted (they hold only keyed
 * ids), so a walk needs no identity: prune and the size report run unattended.
 */
final class TreeWalk {
    /** Hears of each distinct tree node the walk reads. */
    interface NodeVisitor {
        void node(Pack.Location where);
    }

    private final StoreIndex index;
    private final FrameReader reader;
    private final List<String> problems = new ArrayList<>();

    TreeWalk(StoreIndex index, FrameReader reader) {
        this.index = index;
        this.reader = reader;
    }

    /** What made the last walk fail, for messages. */
    List<String> problems() {
        return problems;
    }

    /** The version's page ids in page order, or null when part of its tree is missing or damaged (see {@link #problems}). */
    PageIds pages(StoreVersion v, NodeVisitor visitor, Cancellation cancel) throws IOException {
        return pages(v, visitor, null, cancel);
    }

    /**
     * As {@link #pages(StoreVersion, NodeVisitor, Cancellation)}, but nodes in {@code known} are not
     * read again: what lies below them stays null. Prune only needs to know what is live, and
     * versions share most of their trees, so it reads only the nodes each version changed.
     */
    PageIds pages(StoreVersion v, NodeVisitor visitor, Predicate<FrameId> known, Cancellation cancel) throws IOException {
        problems.clear();
        Format.require(v.pageCount() <= Integer.MAX_VALUE / FrameId.BYTES, "version " + v.id() + " is too large");
        if (v.levels() == 0) {
            return new PageIds(0);
        }
        long[] counts = v.levelCounts();
        PageIds frontier = PageIds.of(FrameId.parseHex(v.root()));
        for (int level = v.levels() - 1; level >= 0; level--) {
            int per = level == 0 ? v.leafPages() : v.fanout();
            long below = level == 0 ? v.pageCount() : counts[level - 1];
            PageIds next = new PageIds((int) below);
            Map<FrameId, Pack.Location> distinct = new HashMap<>();
            List<FrameReader.Request> reqs = new ArrayList<>(frontier.size());
            for (int j = 0; j < frontier.size(); j++) {
                FrameId node = frontier.get(j);
                if (node == null || (known != null && known.test(node))) {
                    continue;
                }
                Pack.Location loc = index.locate(node);
                if (loc == null) {
                    problems.add("tree node " + node + " is not in the store");
                    return null;
                }
                if (distinct.putIfAbsent(node, loc) == null) {
                    visitor.node(loc);
                }
                reqs.add(new FrameReader.Request(loc, j));
            }
            final PageIds out = next;
            reader.read(reqs, (r, plain) -> {
                int j = r.tag();
                int children = (int) Math.min(per, below - (long) j * per);
                if (plain.length != children * FrameId.BYTES) {
                    problems.add("tree node " + r.where().entry().id() + " has " + plain.length + " bytes, expected "
                            + children * FrameId.BYTES);
                    return;
                }
                out.set(j * per, plain, children);
            }, (pack, problem) -> problems.add(problem), cancel);
            if (!problems.isEmpty()) {
                return null;
            }
            frontier = next;
        }
        return frontier;
    }
}
