package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Copies one version from a store into another (a copy destination's) as raw bytes: the frames
 * the target lacks, the key and dictionary objects they need, then an index object and last the
 * version object, the same order a backup publishes in, so a copy cut off anywhere lists nothing
 * and leaves only garbage that the target's next prune removes.
 *
 * <p>Nothing is decrypted: frames stay sealed, keys and dictionaries stay age files, so copies run
 * unattended like backups. The target shares the source's hash key (its {@code keys/hash-*}
 * objects are copied as they are), since frame ids are keyed hashes: a target made from another
 * store is refused rather than mixed.
 */
final class StoreReplicator {
    private final IncrementalStore source;
    private final IncrementalStore target;

    StoreReplicator(IncrementalStore source, IncrementalStore target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Whether versions of the source can go into the target: the same encryption, and either no
     * hash key yet or the source's very bytes for every recipient set both have (frame ids are keyed
     * hashes, so a store made from another store, e.g. before the primary was made anew, never matches).
     */
    boolean compatible() throws IOException {
        if (source.encrypted() != target.encrypted()) {
            return false;
        }
        Destination fromKeys = source.destination().within(Format.KEYS);
        Destination toKeys = target.destination().within(Format.KEYS);
        Set<String> theirs = StoreKeys.hashKeyNames(toKeys);
        if (theirs.isEmpty()) {
            return true;
        }
        boolean shared = false;
        for (String n : StoreKeys.hashKeyNames(fromKeys)) {
            if (theirs.contains(n)) {
                if (!Arrays.equals(read(fromKeys, n), read(toKeys, n))) {
                    return false;
                }
                shared = true;
            }
        }
        return shared;
    }

    VersionCopy copy(String id, ProgressListener progress, Cancellation cancel) throws IOException {
        StoreVersion v = source.version(id);
        // Checked before anything else, also when the target names the version already: it must be this store's.
        if (!compatible()) {
            throw anotherStore();
        }
        if (target.hasVersion(id)) {
            return new VersionCopy(id, false, 0, 0);
        }
        Destination from = source.destination();
        Destination to = target.destination();
        try (StoreLock readers = StoreLock.acquire(from, false, "a copy to " + to.describe());
                StoreLock writers = StoreLock.acquire(to, false, "a copy from " + from.describe())) {
            target.upgradeForWriting();
            StoreKeys keys = source.keys(false);
            // The hash key objects for recipient sets the target lacks (it was checked to be compatible).
            copyMissing(from.within(Format.KEYS), to.within(Format.KEYS), n -> n.startsWith("hash-"));
            target.cacheHashKey(keys);
            copyMissing(from.within(Format.DICTS), to.within(Format.DICTS), n -> IncrementalStore.isHex(n, 8));
            StoreIndex have = source.index();
            long[] wanted = wanted(v, have, target.index(), keys, cancel);
            PackCopy packs = copyFrames(wanted, have, to.within(Format.DATA), List.of(readers, writers), progress, cancel);
            cancel.check();
            for (String k : packs.keyIds) {
                copyObject(from.within(Format.KEYS), to.within(Format.KEYS), "data-" + k);
            }
            long bytes = packs.bytes;
            if (!packs.written.isEmpty()) {
                StoreIndex.publish(to, target.cacheIndex(), packs.written);
            }
            byte[] json;
            try (InputStream in = from.within(Format.VERSIONS).open(id)) {
                json = in.readNBytes((1 << 20) + 1);
            }
            // The bytes published are the ones checked here, not merely the ones read earlier.
            Format.require(json.length <= 1 << 20 && source.version(id).equals(v), "version " + id + " changed while it was copied");
            to.within(Format.VERSIONS).writeAtomically(id, json);
            progress.progress(ProgressListener.Phase.DONE, 1, 1);
            return new VersionCopy(id, true, packs.frames, bytes + json.length);
        }
    }

    private LifeboatException anotherStore() {
        return new LifeboatException(ErrorCode.ALREADY_EXISTS, "the incremental store at " + target.describe()
                + " belongs to another store (another hash key or encryption), so versions of " + source.describe()
                + " cannot be added to it", Remedy.SEE_DETAILS);
    }

    /** A key or dictionary object: at most 1 MiB (a dictionary is at most 110 KiB), never cut short silently. */
    private static byte[] read(Destination dir, String name) throws IOException {
        byte[] b;
        try (InputStream in = dir.open(name)) {
            b = in.readNBytes((1 << 20) + 1);
        }
        Format.require(b.length <= 1 << 20, "the object " + name + " is larger than any key or dictionary");
        return b;
    }

    private static void copyMissing(Destination from, Destination to, Predicate<String> wanted)
            throws IOException {
        if (!from.isAvailable()) {
            return;
        }
        Set<String> there = new HashSet<>(to.isAvailable() ? to.list() : List.of());
        for (String n : from.list()) {
            if (wanted.test(n) && !there.contains(n)) {
                to.writeAtomically(n, read(from, n));
            }
        }
    }

    private void copyObject(Destination from, Destination to, String name) throws IOException {
        if (to.exists(name)) {
            return;
        }
        if (!from.exists(name)) {
            throw Format.damaged("the key object " + Format.KEYS + "/" + name + " that frames of " + source.describe()
                    + " are sealed under is missing");
        }
        to.writeAtomically(name, read(from, name));
    }

    /**
     * The source's frames that the version needs and the target lacks, as (pack number, frame
     * number) pairs in pack order, each once. The whole tree is walked: a tree node the target holds
     * says nothing about the pages under it, since prune keeps dead frames in packs it keeps.
     */
    private long[] wanted(StoreVersion v, StoreIndex have, StoreIndex there, StoreKeys keys, Cancellation cancel)
            throws IOException {
        TreeWalk walk = new TreeWalk(have, new FrameReader(source.destination(), keys, source.dictionaries()));
        FrameSet nodes = new FrameSet();
        PageIds pages = walk.pages(v, where -> nodes.add(where.entry().id()), cancel);
        if (pages == null) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "version " + v.id() + " cannot be copied: "
                    + String.join("; ", walk.problems()), Remedy.CHOOSE_ANOTHER_BACKUP);
        }
        long[] out = new long[nodes.size() + pages.size()];
        int n = 0;
        for (int i = 0; i < nodes.size() + pages.size(); i++) {
            FrameId id = i < nodes.size() ? nodes.get(i) : pages.get(i - nodes.size());
            if (id == null || there.isStored(id)) {
                continue;
            }
            int f = have.frameOf(id);
            if (f < 0) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "version " + v.id() + " cannot be copied: page "
                        + id + " is not in the store", Remedy.CHOOSE_ANOTHER_BACKUP);
            }
            out[n++] = ((long) have.packNumber(f) << 32) | f;
        }
        long[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /** What {@link #copyFrames} wrote. */
    private record PackCopy(List<Pack> written, Set<String> keyIds, long frames, long bytes) {}

    /**
     * Reads each source pack that holds wanted frames once, checks it against its SHA-256 (a damaged
     * pack is never spread to the copies), and appends the frames as they are to new packs.
     */
    private PackCopy copyFrames(long[] wanted, StoreIndex have, Destination data, List<StoreLock> locks, ProgressListener progress,
            Cancellation cancel) throws IOException {
        Set<String> keyIds = new HashSet<>();
        long frames = 0;
        try (PackWriter dataOut = new PackWriter(data, Format.Kind.DATA);
                PackWriter treeOut = new PackWriter(data, Format.Kind.TREE)) {
            int i = 0;
            while (i < wanted.length) {
                cancel.check();
                for (StoreLock lock : locks) {
                    lock.keepAlive();
                }
                progress.progress(ProgressListener.Phase.UPLOAD, i, wanted.length);
                long packNumber = wanted[i] >>> 32;
                Pack p = have.location((int) wanted[i]).pack();
                byte[] all = readPack(p);
                PackWriter out = p.kind() == Format.Kind.DATA ? dataOut : treeOut;
                for (; i < wanted.length && wanted[i] >>> 32 == packNumber; i++) {
                    Pack.Location l = have.location((int) wanted[i]);
                    Pack.Entry e = l.entry();
                    if (out.holds(e.id())) {
                        continue;
                    }
                    String keyId = l.keyId();
                    if (keyId != null) {
                        keyIds.add(keyId);
                    }
                    out.add(e.id(), Arrays.copyOfRange(all, e.offset(), e.offset() + e.length()), keyId);
                    frames++;
                }
            }
            List<Pack> written = new ArrayList<>(dataOut.finish());
            written.addAll(treeOut.finish());
            long bytes = written.stream().mapToLong(Pack::sizeBytes).sum();
            return new PackCopy(written, keyIds, frames, bytes);
        }
    }

    private byte[] readPack(Pack p) throws IOException {
        Destination data = source.destination().within(Format.DATA);
        if (!data.exists(p.name())) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "pack " + p.name() + " of " + source.describe()
                    + " is missing, so the versions that need it cannot be copied", Remedy.CHOOSE_ANOTHER_BACKUP);
        }
        byte[] all = p.readChecked(data);
        if (all == null) {
            throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "pack " + p.name() + " of " + source.describe()
                    + " does not match its index (damaged), so the versions that need it cannot be copied", Remedy.CHOOSE_ANOTHER_BACKUP);
        }
        return all;
    }
}
