package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * An incremental page store in a destination (docs/FORMAT-incremental.md): each version of a
 * database is a tree of page ids, and only pages the store lacks are written, zstd-compressed and,
 * for encrypted stores, sealed one by one. Everything goes through {@link Destination}; local
 * files are only the cache folder and the caller's snapshot and restore target.
 *
 * <p>Writing and pruning need no identity (the hash key is cached, data keys are age-encrypted
 * per write); restoring and verifying data do. Writes take a shared store lock, prune an exclusive
 * one, so databases that share a store never prune and write at once.
 */
public final class IncrementalStore {
    private final Destination store;
    private final Path cacheDir;
    private final StoreAccess access;
    private final boolean encrypted;
    private final String folder;

    private IncrementalStore(Destination store, String folder, Path cacheDir, StoreAccess access, boolean encrypted) {
        this.store = store;
        this.folder = folder;
        this.cacheDir = cacheDir;
        this.access = access;
        this.encrypted = encrypted;
    }

    /**
     * Opens the store in {@code store}, creating it (encrypted when {@code access} has recipients)
     * when {@code create} is true and it does not exist yet. {@code cacheRoot} is a private folder
     * of the caller (e.g. in the Lifeboat home); the store's cache lives under it by store id.
     */
    public static IncrementalStore open(Destination store, Path cacheRoot, StoreAccess access, boolean create) {
        return open(store, null, cacheRoot, access, create);
    }

    /** As {@link #open(Destination, Path, StoreAccess, boolean)}, remembering the name of its folder for the records that name it. */
    public static IncrementalStore open(Destination store, String folder, Path cacheRoot, StoreAccess access, boolean create) {
        try {
            JsonNode config = StoreConfig.read(store);
            if (config == null) {
                if (!create) {
                    throw new LifeboatException(ErrorCode.NOT_FOUND, "there is no incremental store at " + store.describe(),
                            Remedy.CHECK_PATH);
                }
                config = StoreConfig.create(store, access.encrypted());
            }
            boolean enc = config.path("encrypted").asBoolean();
            String storeId = config.path("storeId").asText();
            Format.require(isHex(storeId, 32), "the config object has no store id");
            return new IncrementalStore(store, folder, cacheRoot.resolve(storeId), access, enc);
        } catch (IOException e) {
            throw io("cannot open the incremental store at " + store.describe(), e);
        }
    }

    /**
     * Marks a store of an earlier format as this format before the first write adds what earlier
     * readers do not know (dictionaries, versions of this format), so they refuse it as newer
     * instead of misreading it. Its other fields are kept as they are.
     */
    void upgradeForWriting() throws IOException {
        StoreConfig.upgrade(store);
    }

    Dictionaries dictionaries() {
        return new Dictionaries(store, cacheDir, encrypted, access.identities());
    }

    static LifeboatException io(String what, IOException e) {
        return new LifeboatException(ErrorCode.IO_ERROR, what + ": " + e.getMessage(), e, Remedy.CHECK_DISK);
    }

    static boolean isHex(String s, int length) {
        return s != null && s.length() == length && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public boolean encrypted() {
        return encrypted;
    }

    /** The name of its folder in the destination, when it was opened with one; null otherwise. */
    public String folder() {
        return folder;
    }

    public String describe() {
        return store.describe();
    }

    Destination destination() {
        return store;
    }

    Path cacheIndex() {
        return cacheDir.resolve("index");
    }

    StoreAccess access() {
        return access;
    }

    /** Keys for writing (cached hash key; a new store makes one) or for reading (identities may be needed). */
    StoreKeys keys(boolean forWrite) throws IOException {
        byte[] hashKey = StoreKeys.loadHashKey(store, cacheDir, encrypted, access.identities(), forWrite);
        return new StoreKeys(store, encrypted, hashKey, access.identities());
    }

    /** Keeps {@code keys}' hash key in this store's cache: a copy shares its source's, and its prune needs it without an identity. */
    void cacheHashKey(StoreKeys keys) throws IOException {
        keys.cacheHashKey(cacheDir);
    }

    StoreIndex index() throws IOException {
        return StoreIndex.load(store, cacheIndex());
    }

    /** Stores the snapshot file {@code snapshot} as a new version; {@code pageSize} 0 reads it from the SQLite header. */
    public WriteResult write(Path snapshot, int pageSize, String label, ProgressListener progress, Cancellation cancel) {
        try (StoreLock lock = StoreLock.acquire(store, false, "a backup")) {
            return new VersionWriter(this, lock).write(snapshot, pageSize, label, progress, cancel);
        } catch (IOException e) {
            throw io("cannot write a version to the incremental store at " + store.describe(), e);
        }
    }

    /**
     * The bytes of one snapshot. It is opened once to store it front to back (so a pinned live file
     * can be read in place) and, when a dictionary is trained, once before that to sample pages.
     */
    @FunctionalInterface
    public interface PageSource {
        InputStream open() throws IOException;
    }

    /**
     * Stores {@code size} bytes of {@code source} (pages of {@code pageSize} bytes) as version
     * {@code id}, so the catalog and the store name a backup alike.
     */
    public WriteResult write(PageSource source, long size, int pageSize, String id, String label, ProgressListener progress,
            Cancellation cancel) {
        try (StoreLock lock = StoreLock.acquire(store, false, "a backup")) {
            return new VersionWriter(this, lock).write(source, size, pageSize, id, label, progress, cancel);
        } catch (IOException e) {
            throw io("cannot write a version to the incremental store at " + store.describe(), e);
        }
    }

    /**
     * The store in {@code target} that versions of this one are copied into (see
     * {@link #copyVersionTo}), made with this store's encryption when it does not exist yet; the
     * copy needs no recipients, since keys are copied as they are.
     */
    public IncrementalStore replicaIn(Destination target, String folder) {
        try {
            if (StoreConfig.read(target) == null) {
                StoreConfig.create(target, encrypted);
            }
        } catch (IOException e) {
            throw io("cannot make the incremental store at " + target.describe(), e);
        }
        return open(target, folder, cacheDir.getParent(), StoreAccess.plain(), false);
    }

    /**
     * Whether versions of this store can be copied into {@code target}: the same encryption and the
     * same hash key (or none yet). A store made from an earlier store of the same database (before
     * its destination moved or was lost) cannot.
     */
    public boolean canCopyInto(IncrementalStore target) {
        try {
            return new StoreReplicator(this, target).compatible();
        } catch (IOException e) {
            throw io("cannot read the keys of the incremental store at " + target.describe(), e);
        }
    }

    /** The store's id from its config (32 hex digits): distinct for every store ever made. */
    public String storeId() {
        return cacheDir.getFileName().toString();
    }

    /**
     * Copies version {@code id} into {@code target} (a copy destination's store) as raw bytes,
     * without any identity; does nothing when the target has it. See {@link StoreReplicator}.
     */
    public VersionCopy copyVersionTo(IncrementalStore target, String id, ProgressListener progress, Cancellation cancel) {
        try {
            return new StoreReplicator(this, target).copy(id, progress, cancel);
        } catch (IOException e) {
            throw io("cannot copy version " + id + " to " + target.describe(), e);
        }
    }

    /** Whether {@code id} could name a version (a plain, bounded name); sidecars are checked with it. */
    public static boolean isVersionId(String id) {
        return id != null && VersionWriter.validId(id);
    }

    /** Whether the store holds any version yet, without reading them. */
    public boolean hasVersions() {
        Destination dir = store.within(Format.VERSIONS);
        try {
            return dir.isAvailable() && !dir.list().isEmpty();
        } catch (IOException e) {
            throw io("cannot list the versions in " + store.describe(), e);
        }
    }

    /** Whether version {@code id} exists, without reading it. */
    public boolean hasVersion(String id) {
        return isVersionId(id) && store.within(Format.VERSIONS).exists(id);
    }

    /**
     * Restores version {@code id} into {@code target} (created 0600, or emptied), checking every
     * frame. The file is not forced to disk: callers assemble into scratch space and check it, and
     * the copy they keep is made durable where it is kept.
     */
    public void restore(String id, Path target, ProgressListener progress, Cancellation cancel) {
        boolean done = false;
        try {
            VersionCheck c = new VersionReader(this).read(version(id), target, progress, cancel);
            if (!c.ok()) {
                throw new LifeboatException(ErrorCode.VERIFICATION_FAILED, "version " + id + " cannot be restored: "
                        + c.problems().get(0), Remedy.CHOOSE_ANOTHER_BACKUP);
            }
            cancel.check(); // asked during the last pack: the caller must not go on with the file
            done = true;
        } catch (IOException e) {
            throw io("cannot restore version " + id + " from " + store.describe(), e);
        } finally {
            if (!done) {
                deleteQuietly(target); // a partial file must never pass for the version
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the failure being reported matters more than this leftover in the caller's temp folder
        }
    }

    /** Reads every frame version {@code id} needs, as a restore would, without writing anything. */
    public VersionCheck verifyVersion(String id, ProgressListener progress, Cancellation cancel) {
        try {
            return new VersionReader(this).read(version(id), null, progress, cancel);
        } catch (IOException e) {
            throw io("cannot verify version " + id + " in " + store.describe(), e);
        }
    }

    /**
     * Checks the whole store: every pack present with its listed size, {@code readFraction} of the
     * packs (0..1, chosen at random) read in full, every version's tree complete, unreferenced
     * bytes counted. Frames are authenticated when the access has identities (or the store is plain).
     */
    public StoreCheck verifyStore(double readFraction, ProgressListener progress, Cancellation cancel) {
        try {
            return new StoreChecker(this).check(readFraction, progress, cancel);
        } catch (IOException e) {
            throw io("cannot check the incremental store at " + store.describe(), e);
        }
    }

    /** The versions in the store, oldest first. */
    public List<StoreVersion> versions() {
        try {
            Destination dir = store.within(Format.VERSIONS);
            List<StoreVersion> out = new ArrayList<>();
            for (String n : dir.isAvailable() ? dir.list() : List.<String>of()) {
                out.add(version(n));
            }
            out.sort(Comparator.comparing(StoreVersion::created).thenComparing(StoreVersion::id));
            return out;
        } catch (IOException e) {
            throw io("cannot list the versions in " + store.describe(), e);
        }
    }

    /** The names of the versions, from one listing: no version object is read (unlike {@link #versions}). */
    public List<String> versionIds() {
        try {
            Destination dir = store.within(Format.VERSIONS);
            List<String> out = new ArrayList<>();
            for (String n : dir.isAvailable() ? dir.list() : List.<String>of()) {
                if (isVersionId(n)) {
                    out.add(n);
                }
            }
            return out;
        } catch (IOException e) {
            throw io("cannot list the versions in " + store.describe(), e);
        }
    }

    /** The version named {@code id}, checked. */
    public StoreVersion version(String id) {
        Destination dir = store.within(Format.VERSIONS);
        if (!Destination.isPlainName(id) || !dir.exists(id)) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "there is no version " + Destination.quoteName(id) + " in "
                    + store.describe(), Remedy.CHOOSE_ANOTHER_BACKUP);
        }
        StoreVersion v;
        try (InputStream in = dir.open(id)) {
            JsonNode n = Json.mapper().readTree(in.readNBytes(1 << 20));
            if (n.path("format").asInt(0) > Format.VERSION) {
                throw StoreConfig.newerFormat("version " + id);
            }
            v = Json.mapper().treeToValue(n, StoreVersion.class);
        } catch (IOException e) {
            throw Format.damaged("version " + id + " cannot be read: " + e.getMessage());
        }
        v.check(id);
        return v;
    }

    /** Deletes the version objects; their data stays until {@link #prune}. */
    public void deleteVersions(Collection<String> ids) {
        Destination dir = store.within(Format.VERSIONS);
        for (String id : ids) {
            version(id);
            try {
                dir.delete(id);
            } catch (IOException e) {
                throw io("cannot delete version " + id, e);
            }
        }
    }

    /** Drops frames no version uses, deleting or rewriting packs, crash-safe (see {@link Pruner}). */
    public PruneResult prune(ProgressListener progress, Cancellation cancel) {
        try (StoreLock lock = StoreLock.acquire(store, true, "a prune")) {
            return new Pruner(this).prune(lock, progress, cancel);
        } catch (IOException e) {
            throw io("cannot prune the incremental store at " + store.describe(), e);
        }
    }

    /** Per version: the stored bytes only it uses, and all it uses (cached while the versions and indexes stay the same). */
    public List<VersionSizes> sizes(Cancellation cancel) {
        try {
            return SizesCache.get(store, cacheDir, () -> {
                try {
                    return new Pruner(this).sizes(cancel);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw io("cannot measure the versions in " + store.describe(), e);
        } catch (UncheckedIOException e) {
            throw io("cannot measure the versions in " + store.describe(), e.getCause());
        }
    }
}
