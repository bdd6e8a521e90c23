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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /** Which versions use a frame: how many, the last one counted, and the first owner. */
    static final class Ref {
        int count;
        int last = -1;
        int owner;
    }

    /** Frames used by the versions, and the ids of versions whose tree could not be read. */
    record Reach(Map<FrameId, Ref> refs, List<String> broken, List<String> problems) {}

    static Reach reach(List<StoreVersion> versions, StoreIndex index, FrameReader reader, Cancellation cancel) throws IOException {
        return reach(versions, index, reader, true, cancel);
    }

    /** With {@code counts} false only which frames are live is right (shared subtrees are read once), which is all prune needs. */
    static Reach reach(List<StoreVersion> versions, StoreIndex index, FrameReader reader, boolean counts, Cancellation cancel)
            throws IOException {
        Map<FrameId, Ref> refs = new HashMap<>();
        List<String> broken = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TreeWalk walk = new TreeWalk(index, reader);
        for (int v = 0; v < versions.size(); v++) {
            final int vi = v;
            FrameId[] pages = walk.pages(versions.get(v), where -> count(refs, where.entry().id(), vi),
                    counts ? null : refs.keySet(), cancel);
            if (pages == null) {
                broken.add(versions.get(v).id());
                problems.add("version " + versions.get(v).id() + ": " + String.join("; ", walk.problems()));
                continue;
            }
            for (FrameId p : pages) {
                if (p != null) {
                    count(refs, p, vi);
                }
            }
        }
        return new Reach(refs, broken, problems);
    }

    private static void count(Map<FrameId, Ref> refs, FrameId id, int v) {
        Ref r = refs.computeIfAbsent(id, k -> new Ref());
        if (r.last != v) {
            if (r.count == 0) {
                r.owner = v;
            }
            r.count++;
            r.last = v;
        }
    }

    List<VersionSizes> sizes(Cancellation cancel) throws IOException {
        StoreIndex index = owner.index();
        List<StoreVersion> versions = owner.versions();
        Reach reach = reach(versions, index, new FrameReader(owner.destination(), owner.keys(false), owner.dictionaries()), cancel);
        long[] unique = new long[versions.size()];
        long[] total = new long[versions.size()];
        Map<FrameId, Ref> refs = reach.refs();
        // total needs every version's distinct frames: walk the counts once more per version.
        for (Map.Entry<FrameId, Ref> e : refs.entrySet()) {
            Pack.Location l = index.locate(e.getKey());
            long len = l == null ? 0 : l.entry().length();
            if (e.getValue().count == 1) {
                unique[e.getValue().owner] += len;
            }
        }
        TreeWalk walk = new TreeWalk(index, new FrameReader(owner.destination(), owner.keys(false), owner.dictionaries()));
        for (int v = 0; v < versions.size(); v++) {
            Set<FrameId> seen = new HashSet<>();
            long[] sum = {0};
            FrameId[] pages = walk.pages(versions.get(v), where -> {
                if (seen.add(where.entry().id())) {
                    sum[0] += where.entry().length();
                }
            }, cancel);
            for (FrameId p : pages == null ? new FrameId[0] : pages) {
                Pack.Location l = index.locate(p);
                if (l != null && seen.add(p)) {
                    sum[0] += l.entry().length();
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
            Pack.Location c = index.locate(e.id());
            if (c.pack() == p && c.entry().offset() == e.offset()) {
                entries.add(e);
            }
        }
        return entries.size() == p.entries().size() ? p
                : new Pack(p.name(), p.kind(), p.sizeBytes(), p.sha256(), p.keyIds(), List.copyOf(entries));
    }

    private static boolean isLive(Map<FrameId, Ref> refs, StoreIndex index, Pack p, Pack.Entry e) {
        if (!refs.containsKey(e.id())) {
            return false;
        }
        Pack.Location canonical = index.locate(e.id());
        return canonical.pack() == p && canonical.entry().offset() == e.offset();
    }

    /** Copies the pack's live frames as raw bytes; false when the pack fails its SHA-256 (then nothing is copied). */
    private static boolean copyLive(Pack p, Destination data, Map<FrameId, Ref> refs, StoreIndex index, PackWriter out)
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
