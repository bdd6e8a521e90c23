package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-version sizes of a store, kept in the local cache under a key made of the version and
 * index object names. Sizes depend on nothing else (index objects are named by their content), so
 * while neither set changes the window and {@code stats} need not walk every version's tree again,
 * which at 1 GiB and 30 versions reads tens of MB of tree frames on each reload.
 */
final class SizesCache {
    private static final long MAX_BYTES = 4 << 20;

    private record Entry(String key, List<VersionSizes> sizes) {}

    private SizesCache() {}

    /** The cached sizes when the store's versions and indexes are as they were, else {@code compute}'s (then cached). */
    static List<VersionSizes> get(Destination store, Path cacheDir, Supplier<List<VersionSizes>> compute) throws IOException {
        List<String> versions = names(store.within(Format.VERSIONS));
        String key = IncrementalStore.hex(Sha256.newDigest().digest((String.join(",", versions) + "|"
                + String.join(",", names(store.within(Format.INDEX)))).getBytes(StandardCharsets.UTF_8)));
        Path file = cacheDir.resolve("version-sizes.json");
        List<VersionSizes> cached = read(file, key, versions);
        if (cached != null) {
            return cached;
        }
        List<VersionSizes> sizes = compute.get();
        FileSafety.createPrivateDirectories(cacheDir);
        FileSafety.writeAtomically(file, Json.mapper().writeValueAsBytes(new Entry(key, sizes)));
        return sizes;
    }

    private static List<String> names(Destination dir) throws IOException {
        List<String> n = new ArrayList<>(dir.isAvailable() ? dir.list() : List.of());
        n.sort(null);
        return n;
    }

    /** Null unless the file holds sizes for exactly this key and these versions (it is checked like anything read). */
    private static List<VersionSizes> read(Path file, String key, List<String> versions) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return null;
            }
            Entry e = Json.mapper().readValue(Files.readAllBytes(file), new TypeReference<Entry>() { });
            if (e == null || !key.equals(e.key()) || e.sizes() == null || e.sizes().size() != versions.size()) {
                return null;
            }
            HashSet<String> ids = new HashSet<>();
            for (VersionSizes s : e.sizes()) {
                if (s == null || s.uniqueBytes() < 0 || s.totalBytes() < s.uniqueBytes() || !ids.add(s.versionId())) {
                    return null;
                }
            }
            return ids.equals(new HashSet<>(versions)) ? List.copyOf(e.sizes()) : null;
        } catch (IOException | RuntimeException e) { // a damaged cache file: measured again
            return null;
        }
    }
}
