package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the store holds: every index object merged, frame id to location. Index objects are
 * immutable and named by their SHA-256, so the local cache mirrors them by name: each operation
 * lists {@code index/}, fetches the names it lacks and drops the ones the store no longer has. A
 * deleted or stale cache therefore costs a download, never a wrong answer.
 */
final class StoreIndex {
    private final Map<String, Pack> packs = new LinkedHashMap<>();
    /** Every frame of every index object, in the order read; the packs' entries are views of it. */
    private final FrameColumns frames = new FrameColumns();
    /** Per frame, the pack (in {@link #packList}) that holds it; -1 for the frames of a pack listed twice. */
    private int[] packOf = new int[0];
    private final List<Pack> packList = new ArrayList<>();
    /** Per pack number, its first frame: a pack's frames are numbered from there on, in its entries' order. */
    private int[] packFirst = new int[16];
    /** The frames {@link #canonical} names: the copy of each id that reads use. */
    private final BitSet canonicalFrames = new BitSet();
    private final List<Boolean> packPresent = new ArrayList<>();
    /** For each distinct id, the frame to read it from. */
    private final FrameHash canonical = new FrameHash();
    private final List<String> indexNames;
    private final Set<String> present;

    private StoreIndex(List<String> indexNames, Set<String> present) {
        this.indexNames = List.copyOf(indexNames);
        this.present = present;
    }

    /** Loads the store's indexes through the cache folder {@code cacheIndex} (created 0700). */
    static StoreIndex load(Destination store, Path cacheIndex) throws IOException {
        Destination dir = store.within(Format.INDEX);
        List<String> names = new ArrayList<>();
        for (String n : dir.isAvailable() ? dir.list() : List.<String>of()) {
            if (IncrementalStore.isHex(n, 64)) {
                names.add(n);
            }
        }
        FileSafety.createPrivateDirectories(cacheIndex);
        Set<String> wanted = new HashSet<>(names);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheIndex)) {
            for (Path p : ds) {
                if (!wanted.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Destination data = store.within(Format.DATA);
        StoreIndex idx = new StoreIndex(names, new HashSet<>(data.isAvailable() ? data.list() : List.of()));
        idx.reserve(cachedBytes(cacheIndex, names) / IndexCodec.ENTRY_BYTES);
        for (String n : names) {
            Path local = cacheIndex.resolve(n);
            byte[] bytes = null;
            if (Files.isRegularFile(local)) {
                bytes = Files.readAllBytes(local);
                if (!IndexCodec.isObjectNamed(bytes, HexFormat.of().parseHex(n))) {
                    bytes = null; // a damaged cache entry: fetch it again
                }
            }
            int first = idx.frames.size();
            List<Pack> packs;
            if (bytes != null) {
                packs = IndexCodec.decodeChecked(bytes, "index object " + n, idx.frames);
            } else {
                try (InputStream in = dir.open(n)) {
                    bytes = in.readAllBytes();
                }
                FileSafety.writeAtomically(local, bytes);
                packs = IndexCodec.decode(bytes, "index object " + n, idx.frames);
            }
            for (Pack p : packs) {
                idx.add(p, first);
                first += p.entries().size();
            }
        }
        return idx;
    }

    /** What the cache holds of {@code names}: growing the frame arrays step by step cost more than the decoding. */
    private static long cachedBytes(Path cacheIndex, List<String> names) throws IOException {
        long n = 0;
        for (String name : names) {
            Path p = cacheIndex.resolve(name);
            if (Files.isRegularFile(p)) {
                n += Files.size(p);
            }
        }
        return n;
    }

    private void reserve(long frames) {
        int n = (int) Math.min(frames, Integer.MAX_VALUE / 8);
        this.frames.ensure(n);
        packOf = new int[n];
        canonical.reserve(n);
    }

    /** Publishes an index object for {@code newPacks} and mirrors it in the cache; returns its name. */
    static String publish(Destination store, Path cacheIndex, List<Pack> newPacks) throws IOException {
        IndexCodec.Named encoded = IndexCodec.encodeNamed(newPacks);
        byte[] bytes = encoded.bytes();
        String name = encoded.name();
        store.within(Format.INDEX).writeAtomically(name, bytes);
        FileSafety.createPrivateDirectories(cacheIndex);
        FileSafety.writeAtomically(cacheIndex.resolve(name), bytes);
        return name;
    }

    /** Takes in pack {@code p}, whose frames are this index's frames from {@code first} on. */
    private void add(Pack p, int first) {
        int end = first + p.entries().size();
        if (packOf.length < end) {
            packOf = Arrays.copyOf(packOf, Math.max(end, packOf.length + (packOf.length >> 1)));
        }
        if (packs.putIfAbsent(p.name(), p) != null) {
            Arrays.fill(packOf, first, end, -1); // listed by two indexes (a prune was interrupted): one copy is enough
            return;
        }
        int ordinal = packList.size();
        boolean here = present.contains(p.name());
        packList.add(p);
        packPresent.add(here);
        if (ordinal == packFirst.length) {
            packFirst = Arrays.copyOf(packFirst, ordinal * 2);
        }
        packFirst[ordinal] = first;
        long[] words = frames.words();
        for (int f = first; f < end; f++) {
            packOf[f] = ordinal;
            int old = canonical.putIfAbsent(words, f);
            if (old < 0) {
                canonicalFrames.set(f);
            } else if (here && !packPresent.get(packOf[old])) {
                // A frame stored again after its pack was lost is read from the copy that exists.
                canonical.put(words, f);
                canonicalFrames.clear(old);
                canonicalFrames.set(f);
            }
        }
    }

    /** Where to read frame {@code id}, or null when no index lists it. */
    Pack.Location locate(FrameId id) {
        int f = canonical.find(frames.words(), id);
        return f < 0 ? null : location(f);
    }

    /** The number of the frame to read {@code id} from, or -1: with {@link #location(int)}, for callers that keep many. */
    int frameOf(FrameId id) {
        return canonical.find(frames.words(), id);
    }

    /** The number of the pack (in the order the indexes list them) that holds frame {@code f}. */
    int packNumber(int f) {
        return packOf[f];
    }

    Pack.Location location(int f) {
        return new Pack.Location(packList.get(packOf[f]), frames.entry(f));
    }

    /** How many packs the indexes list (each once): pack numbers run from 0 to this, in {@link #packs()}'s order. */
    int packCount() {
        return packList.size();
    }

    Pack pack(int number) {
        return packList.get(number);
    }

    /** The number of pack {@code number}'s first frame; its entry {@code i} is frame {@code firstFrame(number) + i}. */
    int firstFrame(int number) {
        return packFirst[number];
    }

    /** Whether frame {@code f} is the copy of its id that reads use (as {@link #frameOf} answers for its id). */
    boolean isCanonical(int f) {
        return canonicalFrames.get(f);
    }

    /**
     * The number of the frame to read {@code id} from when it is {@code guess} (checked: the id
     * matches and that frame is the copy reads use), else as {@link #frameOf} finds it. Pages are
     * stored in page order, so the frame after the last one found is usually the next page's: one
     * read beside the last instead of two random reads in the hash.
     */
    int frameOf(FrameId id, int guess) {
        if (guess >= 0 && guess < frames.size() && canonicalFrames.get(guess)) {
            long[] w = frames.words();
            int i = guess * 4;
            if (w[i] == id.a() && w[i + 1] == id.b() && w[i + 2] == id.c() && w[i + 3] == id.d()) {
                return guess;
            }
        }
        return frameOf(id);
    }

    /** The stored length of frame {@code f}. */
    int length(int f) {
        return frames.length(f);
    }

    /** Frame {@code f} as a pack entry. */
    Pack.Entry entry(int f) {
        return frames.entry(f);
    }

    /** Whether entry {@code e} of pack {@code p} is the copy of its frame that reads use. */
    boolean isCanonical(Pack p, Pack.Entry e) {
        int f = canonical.find(frames.words(), e.id());
        return f >= 0 && packList.get(packOf[f]) == p && frames.offset(f) == e.offset();
    }

    /** Whether some index lists {@code id} in a pack that was in {@code data/} when the index was loaded. */
    boolean isStored(FrameId id) {
        int f = canonical.find(frames.words(), id);
        return f >= 0 && packPresent.get(packOf[f]);
    }

    /** The stored length of frame {@code id}, or -1 when no index lists it. */
    int frameLength(FrameId id) {
        int f = canonical.find(frames.words(), id);
        return f < 0 ? -1 : frames.length(f);
    }

    Map<String, Pack> packs() {
        return packs;
    }

    List<String> indexNames() {
        return indexNames;
    }

    int frameCount() {
        return canonical.size();
    }
}
