package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which of the index's frames the versions use, marked by frame number as prune needs it. Each
 * version's tree is read from the root down, but a node already marked is not read again: its
 * whole subtree was marked when it was first read (or the walk failed, and then nothing is
 * pruned). Versions a day apart share all but a few percent of their nodes, so after the first
 * version each one costs only what it changed, and no version's page list is ever held whole.
 *
 * <p>A node that changed still lists mostly children that did not: each child is first compared
 * with the child last read at the same place (the same pages) of an earlier version, which is
 * marked already, and only a different one is looked up in the index. That is one read of 32
 * bytes beside the others instead of two random reads in the index's large tables.
 */
final class LiveFrames {
    private final StoreIndex index;
    private final BitSet live = new BitSet();
    /** Per level (0: the leaves' children, the pages), the last child ids read at each place; all are marked. */
    private final List<Picture> pictures = new ArrayList<>();
    private final List<String> broken = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long nodesRead;
    /** The frame the last lookup found: the next page's frame usually follows it. */
    private int lastFound = -2;

    private LiveFrames(StoreIndex index) {
        this.index = index;
    }

    /** Marks what {@code versions} use; a version whose tree cannot be read whole is listed in {@link #broken}. */
    static LiveFrames mark(List<StoreVersion> versions, StoreIndex index, FrameReader reader, Cancellation cancel)
            throws IOException {
        LiveFrames m = new LiveFrames(index);
        m.walk(versions, reader, cancel);
        return m;
    }

    /** Whether frame {@code f} (a number in the index, see {@link StoreIndex#frameOf}) is used. */
    boolean isLive(int f) {
        return live.get(f);
    }

    /** Ids of the versions whose trees could not be read whole; while any is listed, the marks are incomplete. */
    List<String> broken() {
        return broken;
    }

    /** What made each broken version fail, for messages. */
    List<String> problems() {
        return problems;
    }

    /** How many tree nodes the marking read: for the log. */
    long nodesRead() {
        return nodesRead;
    }

    int count() {
        return live.cardinality();
    }

    /**
     * Walks all trees at once, level by level from the top: each level's nodes, whichever version
     * reached them first, are read in one pass over their packs, so a pack is opened once per level
     * rather than once per version and level. Stops at the first problem (the marks are then incomplete).
     */
    private void walk(List<StoreVersion> versions, FrameReader reader, Cancellation cancel) throws IOException {
        int height = 0;
        long[][] counts = new long[versions.size()][];
        for (StoreVersion v : versions) {
            Format.require(v.pageCount() <= Integer.MAX_VALUE / FrameId.BYTES, "version " + v.id() + " is too large");
            height = Math.max(height, v.levels());
        }
        List<Nodes> roots = new ArrayList<>();
        for (int l = 0; l < height; l++) {
            roots.add(new Nodes());
        }
        for (int vi = 0; vi < versions.size(); vi++) {
            StoreVersion v = versions.get(vi);
            counts[vi] = v.levelCounts();
            if (v.levels() == 0) {
                continue;
            }
            FrameId root = FrameId.parseHex(v.root());
            int f = index.frameOf(root);
            if (f < 0) {
                fail(v, "tree node " + root + " is not in the store");
                return;
            }
            if (!live.get(f)) { // else the same tree as a version before it
                live.set(f);
                roots.get(v.levels() - 1).add(f, 0, vi);
            }
        }
        Nodes level = new Nodes();
        for (int depth = height - 1; depth >= 0; depth--) {
            cancel.check();
            level.addAll(roots.get(depth));
            if (level.size == 0) {
                continue;
            }
            long places = 0;
            for (int vi = 0; vi < versions.size(); vi++) {
                if (versions.get(vi).levels() > depth) {
                    places = Math.max(places, depth == 0 ? versions.get(vi).pageCount() : counts[vi][depth - 1]);
                }
            }
            Picture picture = picture(depth);
            picture.reserve(places); // once: growing with each larger version copied the largest array each time
            List<FrameReader.Request> reqs = new ArrayList<>(level.size);
            for (int i = 0; i < level.size; i++) {
                reqs.add(new FrameReader.Request(index.location(level.frames[i]), i));
            }
            nodesRead += level.size;
            Nodes now = level;
            int d = depth;
            Nodes next = new Nodes();
            String[] problem = new String[1];
            int[] where = {-1};
            reader.read(reqs, (r, plain) -> {
                if (problem[0] == null) {
                    problem[0] = children(now, r.tag(), d, versions, counts, plain, picture, next);
                    where[0] = r.tag();
                }
            }, (pack, failure) -> {
                if (problem[0] == null) {
                    problem[0] = failure;
                    where[0] = firstIn(reqs, pack);
                }
            }, cancel);
            if (problem[0] != null) {
                fail(versions.get(now.versions[where[0]]), problem[0]);
                return;
            }
            level = next;
        }
    }

    /** Marks the children of node {@code i} of {@code level} (read as {@code plain}); returns a problem, or null. */
    private String children(Nodes level, int i, int depth, List<StoreVersion> versions, long[][] counts, byte[] plain,
            Picture picture, Nodes next) {
        int vi = level.versions[i];
        StoreVersion v = versions.get(vi);
        int per = depth == 0 ? v.leafPages() : v.fanout();
        long below = depth == 0 ? v.pageCount() : counts[vi][depth - 1];
        int j = level.positions[i];
        int children = (int) Math.min(per, below - (long) j * per);
        if (plain.length != children * FrameId.BYTES) {
            return "tree node " + index.location(level.frames[i]).entry().id() + " has " + plain.length + " bytes, expected "
                    + children * FrameId.BYTES;
        }
        for (int c = 0; c < children; c++) {
            int place = j * per + c;
            int o = c * FrameId.BYTES;
            if (picture.same(place, plain, o)) {
                continue; // read before at this place, so marked (with its subtree) already
            }
            FrameId id = id(plain, o);
            int f = index.frameOf(id, lastFound + 1);
            if (f >= 0) {
                lastFound = f;
            }
            if (depth == 0) {
                if (f >= 0) {
                    live.set(f); // a page the index lacks is verify's to report: nothing here can free it
                }
            } else if (f < 0) {
                return "tree node " + id + " is not in the store";
            } else if (!live.get(f)) {
                live.set(f);
                next.add(f, place, vi);
            }
            picture.set(place, plain, o);
        }
        return null;
    }

    private static int firstIn(List<FrameReader.Request> reqs, Pack pack) {
        for (FrameReader.Request r : reqs) {
            if (r.where().pack() == pack) {
                return r.tag();
            }
        }
        return 0;
    }

    private void fail(StoreVersion v, String problem) {
        broken.add(v.id());
        problems.add("version " + v.id() + ": " + problem);
    }

    private Picture picture(int depth) {
        while (pictures.size() <= depth) {
            pictures.add(new Picture());
        }
        return pictures.get(depth);
    }

    private static FrameId id(byte[] b, int o) {
        return new FrameId(word(b, o), word(b, o + 8), word(b, o + 16), word(b, o + 24));
    }

    private static long word(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xff);
        }
        return v;
    }

    /**
     * Child ids by place in one level, four longs each, filled as nodes are read. A place holds an
     * id only once it was marked; places never read are empty, not zero ids.
     */
    private static final class Picture {
        private long[] words = new long[0];
        private final BitSet filled = new BitSet();

        boolean same(int place, byte[] node, int o) {
            if (!filled.get(place)) {
                return false;
            }
            int w = place * 4;
            return words[w] == word(node, o) && words[w + 1] == word(node, o + 8) && words[w + 2] == word(node, o + 16)
                    && words[w + 3] == word(node, o + 24);
        }

        /** Makes room for {@code places} places: a level's size is known before its nodes are read. */
        void reserve(long places) {
            if (places * 4 > words.length) {
                words = Arrays.copyOf(words, (int) (places * 4));
            }
        }

        void set(int place, byte[] node, int o) {
            int w = place * 4;
            for (int k = 0; k < 4; k++) {
                words[w + k] = word(node, o + k * 8);
            }
            filled.set(place);
        }
    }

    /** One level's nodes still to read: frame numbers, places in the level and the version that reached each. */
    private static final class Nodes {
        private int[] frames = new int[16];
        private int[] positions = new int[16];
        private int[] versions = new int[16];
        private int size;

        void add(int frame, int position, int version) {
            if (size == frames.length) {
                frames = Arrays.copyOf(frames, size * 2);
                positions = Arrays.copyOf(positions, size * 2);
                versions = Arrays.copyOf(versions, size * 2);
            }
            frames[size] = frame;
            positions[size] = position;
            versions[size] = version;
            size++;
        }

        void addAll(Nodes other) {
            for (int i = 0; i < other.size; i++) {
                add(other.frames[i], other.positions[i], other.versions[i]);
            }
        }
    }
}
