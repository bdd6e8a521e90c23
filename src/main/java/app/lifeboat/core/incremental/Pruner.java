package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prune and the size report, both built on one pass that finds which frames each version uses.
 *
 * <p>Prune is crash-safe by its order: (1) write packs holding the live frames of mostly-unused
 * packs, (2) publish one index listing every kept and new pack, (3) delete the old index objects,
 * (4) delete the packs no index lists any more (including leftovers of killed writes), (5) delete
 * data keys no listed pack uses. Killed anywhere, every index left lists only packs that exist,
 * so every version still restores; a rerun finishes the deletions.
 */
final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** A pack with less than this share of live frame bytes is rewritten. */
    static final double REWRITE_BELOW = 0.5;

    private final IncrementalStore owner;

    Pruner(IncrementalStore owner) {
        this.owner = owner;
    }

    /** Per frame the versions use: how many use it, the last one counted, and the first (its owner). */
    static final class Refs {
        private final FrameSet ids;
        private int[] count;
        private int[] last;
        private int[] owner;

        /** Sized for {@code expected} frames (the index's count: no more can be live). */
        Refs(int expected) {
            ids = new FrameSet(expected);
            int n = Math.max(16, expected);
            count = new int[n];
            last = new int[n];
            owner = new int[n];
        }

        void count(FrameId id, int v) {
            int i = ids.add(id);
            if (i >= count.length) {
                int cap = count.length * 2;
                count = Arrays.copyOf(count, cap);
                last = Arrays.copyOf(last, cap);
                owner = Arrays.copyOf(owner, cap);
            }
            if (count[i] == 0) {
                owner[i] = v;
                count[i] = 1;
                last[i] = v;
            } else if (last[i] != v) {
                count[i]++;
                last[i] = v;
            }
        }

        boolean contains(FrameId id) {
            return ids.contains(id);
        }

        int size() {
            return ids.size();
        }
    }

    /** Frames used by the versions, and the ids of versions whose tree could not be read. */
    record Reach(Refs refs, List<String> broken, List<String> problems) {}

    /** Counts, per frame, the versions that use it: every version's tree is walked whole. */
    static Reach reach(List<StoreVersion> versions, StoreIndex index, FrameReader reader, Cancellation cancel) throws IOException {
        Refs refs = new Refs(index.frameCount());
        List<String> broken = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TreeWalk walk = new TreeWalk(index, reader);
        for (int v = 0; v < versions.size(); v++) {
            final int vi = v;
            PageIds pages = walk.pages(versions.get(v), where -> refs.count(where.entry().id(), vi), cancel);
            if (pages == null) {
                broken.add(versions.get(v).id());
                problems.add("version " + versions.get(v).id() + ": " + String.join("; ", walk.problems()));
                continue;
            }
            for (int i = 0; i < pages.size(); i++) {
                FrameId p = pages.get(i);
                if (p != null) {
                    refs.count(p, vi);
                }
            }
        }
        return new Reach(refs, broken, problems);
    }

    List<VersionSizes> sizes(Cancellation cancel) throws IOException {
        StoreIndex index = owner.index();
        List<StoreVersion> versions = owner.versions();
        Reach reach = reach(versions, index, new FrameReader(owner.destination(), owner.keys(false), owner.dictionaries()), cancel);
        long[] unique = new long[versions.size()];
        long[] total = new long[versions.size()];
        Refs refs = reach.refs();
        for (int i = 0; i < refs.size(); i++) {
            if (refs.count[i] == 1) {
                unique[refs.owner[i]] += Math.max(0, index.frameLength(refs.ids.get(i)));
            }
        }
        // total needs every version's distinct frames: walk the trees once more per version.
        TreeWalk walk = new TreeWalk(index, new FrameReader(owner.destination(), owner.keys(false), owner.dictionaries()));
        FrameSet seen = new FrameSet();
        for (int v = 0; v < versions.size(); v++) {
            seen.clear();
            long[] sum = {0};
            PageIds pages = walk.pages(versions.get(v), where -> {
                if (isNew(seen, where.entry().id())) {
                    sum[0] += where.entry().length();
                }
            }, cancel);
            for (int i = 0; pages != null && i < pages.size(); i++) {
                FrameId p = pages.get(i);
                int len = index.frameLength(p);
                if (len >= 0 && isNew(seen, p)) {
                    sum[0] += len;
                }
            }
            total[v] = sum[0];
        }
        List<VersionSizes> out = new ArrayList<>();
        for (int v = 0; v < versions.size(); v++) {
            out.add(new VersionSizes(versions.get(v).id(), unique[v], total[v]));
        }
        return out;
    }

    private static boolean isNew(FrameSet seen, FrameId id) {
        int before = seen.size();
        seen.add(id);
        return seen.size() > before;
    }

    PruneResult prune(StoreLock lock, ProgressListener progress, Cancellation cancel) throws IOException {
        Destination store = owner.destination();
        Destination data = store.within(Format.DATA);
        long t0 = System.nanoTime();
        StoreIndex index = owner.index();
        long tIndex = System.nanoTime();
        List<StoreVersion> versions = owner.versions();
        StoreKeys keys = owner.keys(false);
        long tVersions = System.nanoTime();
        LiveFrames live = LiveFrames.mark(versions, index, new FrameReader(store, keys, owner.dictionaries()), cancel);
        long tReach = System.nanoTime();
        if (!live.broken().isEmpty()) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "nothing was pruned: the tree of "
                    + live.problems().get(0) + " — delete the damaged versions first, so their data is not mistaken for unused");
        }
        Set<String> present = new HashSet<>(data.isAvailable() ? data.list() : List.of());
        long before = 0;
        for (String n : present) {
            before += data.sizeBytes(n);
        }
        List<Pack> kept = new ArrayList<>();
        List<Pack> drop = new ArrayList<>();
        List<Integer> rewrite = new ArrayList<>();
        for (int k = 0; k < index.packCount(); k++) {
            Pack p = index.pack(k);
            long liveBytes = 0;
            for (int f = index.firstFrame(k), end = f + p.entries().size(); f < end; f++) {
                if (live.isLive(f)) { // only canonical frames are ever marked
                    liveBytes += index.length(f);
                }
            }
            if (!present.contains(p.name())) {
                kept.add(p); // lost already: stays listed so verify keeps naming the versions it breaks
            } else if (liveBytes == 0) {
                drop.add(p);
            } else if (liveBytes < REWRITE_BELOW * p.sizeBytes()) {
                rewrite.add(k);
            } else {
                kept.add(canonicalOnly(k, index));
            }
        }
        long tPlan = System.nanoTime();
        List<Pack> written = new ArrayList<>();
        List<Pack> rewritten = new ArrayList<>();
        try (PackWriter dataOut = new PackWriter(data, Format.Kind.DATA); PackWriter treeOut = new PackWriter(data, Format.Kind.TREE)) {
            int step = 0;
            for (int k : rewrite) {
                progress.progress(ProgressListener.Phase.PRUNE, step++, rewrite.size());
                cancel.check();
                lock.keepAlive();
                Pack p = index.pack(k);
                if (copyLive(k, data, live, index, p.kind() == Format.Kind.DATA ? dataOut : treeOut)) {
                    rewritten.add(p);
                } else {
                    kept.add(canonicalOnly(k, index)); // damaged: leave it alone rather than copy bad frames
                }
            }
            written.addAll(dataOut.finish());
            written.addAll(treeOut.finish());
        }
        List<Pack> listed = new ArrayList<>(kept);
        listed.addAll(written);
        Set<String> listedNames = new HashSet<>();
        listed.forEach(p -> listedNames.add(p.name()));
        List<String> orphans = present.stream().filter(n -> !listedNames.contains(n)).sorted().toList();
        List<String> unusedKeys = unusedDataKeys(store, listed);
        boolean change = !drop.isEmpty() || !rewritten.isEmpty() || !orphans.isEmpty() || !unusedKeys.isEmpty()
                || index.indexNames().size() > 1;
        long tCopy = System.nanoTime();
        long tPublish = tCopy;
        if (change) {
            String newIndex = listed.isEmpty() ? null : StoreIndex.publish(store, owner.cacheIndex(), listed);
            tPublish = System.nanoTime();
            Destination indexDir = store.within(Format.INDEX);
            for (String n : index.indexNames()) {
                if (!n.equals(newIndex)) {
                    indexDir.delete(n);
                }
            }
            for (String n : orphans) {
                data.delete(n);
            }
            Destination keyDir = store.within(Format.KEYS);
            for (String k : unusedKeys) {
                keyDir.delete(k);
            }
        }
        long after = 0;
        for (String n : data.isAvailable() ? data.list() : List.<String>of()) {
            after += data.sizeBytes(n);
        }
        long tEnd = System.nanoTime();
        // One line per prune: where its time went, for the benchmark and for users' reports.
        LOG.info("prune of {}: {} versions, {} frames in {} index objects; index {} ms, versions {} ms, "
                + "reach {} ms ({} tree nodes read, {} frames live), plan {} ms, copy {} ms ({} packs), publish {} ms, delete {} ms",
                store.describe(), versions.size(), index.frameCount(), index.indexNames().size(), ms(tIndex - t0),
                ms(tVersions - tIndex), ms(tReach - tVersions), live.nodesRead(), live.count(), ms(tPlan - tReach),
                ms(tCopy - tPlan), rewritten.size(), ms(tPublish - tCopy), ms(tEnd - tPublish));
        progress.progress(ProgressListener.Phase.DONE, 1, 1);
        return new PruneResult(drop.size() + (int) orphans.stream().filter(n -> index.packs().get(n) == null).count(),
                rewritten.size(), before, after);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Pack number {@code k} with only the entries that are the index's chosen copy of their frame.
     * After an interrupted prune a frame can be listed in two packs; the new index lists it once,
     * so which copy counts never changes between prunes (the unlisted copy is garbage in a kept
     * pack, and the size ratio above counts it).
     */
    private static Pack canonicalOnly(int k, StoreIndex index) {
        Pack p = index.pack(k);
        int first = index.firstFrame(k);
        int end = first + p.entries().size();
        int f = first;
        while (f < end && index.isCanonical(f)) {
            f++;
        }
        if (f == end) {
            return p;
        }
        List<Pack.Entry> entries = new ArrayList<>();
        for (f = first; f < end; f++) {
            if (index.isCanonical(f)) {
                entries.add(index.entry(f));
            }
        }
        return new Pack(p.name(), p.kind(), p.sizeBytes(), p.sha256(), p.keyIds(), List.copyOf(entries));
    }

    /** Copies pack {@code k}'s live frames as raw bytes; false when the pack fails its SHA-256 (then nothing is copied). */
    private static boolean copyLive(int k, Destination data, LiveFrames live, StoreIndex index, PackWriter out)
            throws IOException {
        Pack p = index.pack(k);
        byte[] all = p.readChecked(data);
        if (all == null) {
            return false;
        }
        for (int f = index.firstFrame(k), end = f + p.entries().size(); f < end; f++) {
            if (live.isLive(f)) {
                Pack.Entry e = index.entry(f);
                String keyId = e.keyOrdinal() == Format.NO_KEY ? null : p.keyIds().get(e.keyOrdinal());
                out.add(e.id(), Arrays.copyOfRange(all, e.offset(), e.offset() + e.length()), keyId);
            }
        }
        return true;
    }

    private static List<String> unusedDataKeys(Destination store, List<Pack> listed) throws IOException {
        Set<String> used = new HashSet<>();
        listed.forEach(p -> used.addAll(p.keyIds()));
        Destination keyDir = store.within(Format.KEYS);
        List<String> unused = new ArrayList<>();
        for (String n : keyDir.isAvailable() ? keyDir.list() : List.<String>of()) {
            if (n.startsWith("data-") && !used.contains(n.substring(5))) {
                unused.add(n);
            }
        }
        return unused;
    }
}
