package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    static Reach reach(List<StoreVersion> versions, StoreIndex index, FrameReader reader, Cancellation cancel) throws IOException {
        return reach(versions, index, reader, true, cancel);
    }

    /** With {@code counts} false only which frames are live is right (shared subtrees are read once), which is all prune needs. */
    static Reach reach(List<StoreVersion> versions, StoreIndex index, FrameReader reader, boolean counts, Cancellation cancel)
            throws IOException {
        Refs refs = new Refs(index.frameCount());
        List<String> broken = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TreeWalk walk = new TreeWalk(index, reader);
        for (int v = 0; v < versions.size(); v++) {
            final int vi = v;
            PageIds pages = walk.pages(versions.get(v), where -> refs.count(where.entry().id(), vi),
                    counts ? null : refs::contains, cancel);
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
        StoreIndex index = owner.index();
        List<StoreVersion> versions = owner.versions();
        StoreKeys keys = owner.keys(false);
        Reach reach = reach(versions, index, new FrameReader(store, keys, owner.dictionaries()), false, cancel);
        if (!reach.broken().isEmpty()) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "nothing was pruned: the tree of "
                    + reach.problems().get(0) + " — delete the damaged versions first, so their data is not mistaken for unused");
        }
        Set<String> present = new HashSet<>(data.isAvailable() ? data.list() : List.of());
        long before = 0;
        for (String n : present) {
            before += data.sizeBytes(n);
        }
        List<Pack> kept = new ArrayList<>();
        List<Pack> drop = new ArrayList<>();
        List<Pack> rewrite = new ArrayList<>();
        for (Pack p : index.packs().values()) {
            long live = 0;
            for (Pack.Entry e : p.entries()) {
                if (isLive(reach.refs(), index, p, e)) {
                    live += e.length();
                }
            }
            if (!present.contains(p.name())) {
                kept.add(p); // lost already: stays listed so verify keeps naming the versions it breaks
            } else if (live == 0) {
                drop.add(p);
            } else if (live < REWRITE_BELOW * p.sizeBytes()) {
                rewrite.add(p);
            } else {
                kept.add(canonicalOnly(p, index));
            }
        }
        List<Pack> written = new ArrayList<>();
        try (PackWriter dataOut = new PackWriter(data, Format.Kind.DATA); PackWriter treeOut = new PackWriter(data, Format.Kind.TREE)) {
            int step = 0;
            for (Pack p : rewrite) {
                progress.progress(ProgressListener.Phase.PRUNE, step++, rewrite.size());
                cancel.check();
                lock.keepAlive();
                if (!copyLive(p, data, reach.refs(), index, p.kind() == Format.Kind.DATA ? dataOut : treeOut)) {
                    kept.add(canonicalOnly(p, index)); // damaged: leave it alone rather than copy bad frames
                }
            }
            written.addAll(dataOut.finish());
            written.addAll(treeOut.finish());
        }
        Set<String> keptNames = new HashSet<>();
        kept.forEach(p -> keptNames.add(p.name()));
        rewrite.removeIf(p -> keptNames.contains(p.name()));
        List<Pack> listed = new ArrayList<>(kept);
        listed.addAll(written);
        Set<String> listedNames = new HashSet<>();
        listed.forEach(p -> listedNames.add(p.name()));
        List<String> orphans = present.stream().filter(n -> !listedNames.contains(n)).sorted().toList();
        List<String> unusedKeys = unusedDataKeys(store, listed);
        boolean change = !drop.isEmpty() || !rewrite.isEmpty() || !orphans.isEmpty() || !unusedKeys.isEmpty()
                || index.indexNames().size() > 1;
        if (change) {
            String newIndex = listed.isEmpty() ? null : StoreIndex.publish(store, owner.cacheIndex(), listed);
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
        progress.progress(ProgressListener.Phase.DONE, 1, 1);
        return new PruneResult(drop.size() + (int) orphans.stream().filter(n -> index.packs().get(n) == null).count(),
                rewrite.size(), before, after);
    }

    /**
     * The pack with only the entries that are the index's chosen copy of their frame. After an
     * interrupted prune a frame can be listed in two packs; the new index lists it once, so which
     * copy counts never changes between prunes (the unlisted copy is garbage in a kept pack, and
     * the size ratio above counts it).
     */
    private static Pack canonicalOnly(Pack p, StoreIndex index) {
        List<Pack.Entry> entries = new ArrayList<>();
        for (Pack.Entry e : p.entries()) {
            if (index.isCanonical(p, e)) {
                entries.add(e);
            }
        }
        return entries.size() == p.entries().size() ? p
                : new Pack(p.name(), p.kind(), p.sizeBytes(), p.sha256(), p.keyIds(), List.copyOf(entries));
    }

    private static boolean isLive(Refs refs, StoreIndex index, Pack p, Pack.Entry e) {
        return refs.contains(e.id()) && index.isCanonical(p, e);
    }

    /** Copies the pack's live frames as raw bytes; false when the pack fails its SHA-256 (then nothing is copied). */
    private static boolean copyLive(Pack p, Destination data, Refs refs, StoreIndex index, PackWriter out)
            throws IOException {
        byte[] all;
        try (InputStream in = data.open(p.name())) {
            all = in.readNBytes((int) Math.min(p.sizeBytes() + 1, Format.MAX_PACK_BYTES));
        }
        if (all.length != p.sizeBytes() || !Arrays.equals(Sha256.newDigest().digest(all), p.sha256())) {
            return false;
        }
        for (Pack.Entry e : p.entries()) {
            if (isLive(refs, index, p, e)) {
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
