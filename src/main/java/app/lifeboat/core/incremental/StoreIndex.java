package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    private final Map<FrameId, Pack.Location> byId = new HashMap<>();
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
        for (String n : names) {
            Path local = cacheIndex.resolve(n);
            byte[] bytes = null;
            if (Files.isRegularFile(local)) {
                bytes = Files.readAllBytes(local);
                if (!IncrementalStore.hex(Sha256.newDigest().digest(bytes)).equals(n)) {
                    bytes = null; // a damaged cache entry: fetch it again
                }
            }
            if (bytes == null) {
                try (InputStream in = dir.open(n)) {
                    bytes = in.readAllBytes();
                }
                FileSafety.writeAtomically(local, bytes);
            }
            for (Pack p : IndexCodec.decode(bytes, "index object " + n)) {
                idx.add(p);
            }
        }
        return idx;
    }

    /** Publishes an index object for {@code newPacks} and mirrors it in the cache; returns its name. */
    static String publish(Destination store, Path cacheIndex, List<Pack> newPacks) throws IOException {
        byte[] bytes = IndexCodec.encode(newPacks);
        String name = IncrementalStore.hex(Sha256.newDigest().digest(bytes));
        store.within(Format.INDEX).writeAtomically(name, bytes);
        FileSafety.createPrivateDirectories(cacheIndex);
        FileSafety.writeAtomically(cacheIndex.resolve(name), bytes);
        return name;
    }

    void add(Pack p) {
        if (packs.putIfAbsent(p.name(), p) != null) {
            return; // listed by two indexes (a prune was interrupted): one copy is enough
        }
        boolean here = present.contains(p.name());
        for (Pack.Entry e : p.entries()) {
            Pack.Location old = byId.get(e.id());
            // A frame stored again after its pack was lost is read from the copy that exists.
            if (old == null || (here && !present.contains(old.pack().name()))) {
                byId.put(e.id(), new Pack.Location(p, e));
            }
        }
    }

    /** Whether the pack was in {@code data/} when the index was loaded. */
    boolean isPresent(String pack) {
        return present.contains(pack);
    }

    boolean contains(FrameId id) {
        return byId.containsKey(id);
    }

    Pack.Location locate(FrameId id) {
        return byId.get(id);
    }

    Map<String, Pack> packs() {
        return packs;
    }

    List<String> indexNames() {
        return indexNames;
    }

    int frameCount() {
        return byId.size();
    }
}
