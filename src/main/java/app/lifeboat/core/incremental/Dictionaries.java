package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdDictTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The store's zstd dictionaries. A page compressed on its own loses the context a whole-file stream
 * has (measured at 1 GiB: 630 MB for per-page frames against 515 MB for one stream); a dictionary
 * trained on a sample of the database's pages gives most of it back (546 MB) and compresses faster.
 * A frame names its dictionary in its own zstd header, so frames of any dictionary (or none) mix
 * freely and dedup is untouched: ids hash the page, not the frame.
 *
 * <p>A dictionary is made of page content, so in an encrypted store it is age-encrypted like the
 * keys. Backing up needs it without the identity: the writer keeps its dictionary in the local
 * cache (0600, beside the hash key), per database label; without that copy it trains a new one.
 */
final class Dictionaries {
    /** Below this many pages a database is small enough that a dictionary is not worth its 110 KB. */
    static final long MIN_PAGES = 256;
    static final int MAX_SAMPLES = 2048;
    static final int MAX_BYTES = 112_640;
    /** Dictionaries are small; nothing larger is read, whatever the store says. */
    private static final int READ_LIMIT = 1 << 20;

    private final Destination store;
    private final Path cacheDir;
    private final boolean encrypted;
    private final List<RecipientStanzaReader> identities;
    private final Map<Long, ZstdDictDecompress> loaded = new HashMap<>();

    Dictionaries(Destination store, Path cacheDir, boolean encrypted, List<RecipientStanzaReader> identities) {
        this.store = store.within(Format.DICTS);
        this.cacheDir = cacheDir;
        this.encrypted = encrypted;
        this.identities = identities;
    }

    static String name(long dictId) {
        return String.format("%08x", dictId);
    }

    /** The dictionary a frame names in its header; loaded once (for every thread), from the cache when it holds it. */
    synchronized ZstdDictDecompress forReading(long dictId) throws IOException {
        ZstdDictDecompress d = loaded.get(dictId);
        if (d == null) {
            String name = name(dictId);
            byte[] raw = readCached(cacheDir.resolve(Format.DICTS).resolve(name));
            if (raw == null || Zstd.getDictIdFromDict(raw) != dictId) {
                if (!store.exists(name)) {
                    throw Format.damaged("the zstd dictionary object " + Format.DICTS + "/" + name + " is missing");
                }
                byte[] stored;
                try (InputStream in = store.open(name)) {
                    stored = in.readNBytes(READ_LIMIT);
                }
                raw = encrypted ? StoreKeys.ageDecrypt(stored, identities, "zstd dictionary " + name, READ_LIMIT) : stored;
                Format.require(Zstd.getDictIdFromDict(raw) == dictId, "the zstd dictionary object " + name + " is not dictionary " + name);
            }
            d = new ZstdDictDecompress(raw);
            loaded.put(dictId, d);
        }
        return d;
    }

    /**
     * The dictionary this label's backups use with these recipients, when the cache holds it and
     * the store still has it; else null. Keyed by the recipients too: a dictionary sealed to
     * earlier recipients must not be used for frames that the new identity alone should restore.
     */
    byte[] forWriting(String label, StoreAccess access) throws IOException {
        byte[] raw = readCached(labelFile(label, access));
        if (raw == null) {
            return null;
        }
        long id = Zstd.getDictIdFromDict(raw);
        return id != 0 && store.exists(name(id)) ? raw : null;
    }

    /**
     * Publishes {@code dict} (age-encrypted to {@code access}'s recipients in an encrypted store)
     * before any frame uses it, and caches it for {@code label}; false when its id is already taken
     * by another dictionary, in which case it must not be used.
     */
    boolean publish(byte[] dict, String label, StoreAccess access) throws IOException {
        long id = Zstd.getDictIdFromDict(dict);
        String name = name(id);
        if (id == 0 || store.exists(name)) {
            return false;
        }
        store.writeAtomically(name, encrypted ? StoreKeys.ageEncrypt(dict, access.recipients()) : dict);
        Path folder = cacheDir.resolve(Format.DICTS);
        FileSafety.createPrivateDirectories(folder);
        FileSafety.writeAtomically(folder.resolve(name), dict);
        FileSafety.writeAtomically(labelFile(label, access), dict);
        return true;
    }

    /** A dictionary trained on {@code samples}; null when zstd cannot make one from them (too few, too alike). */
    static byte[] train(List<byte[]> samples) {
        long total = 0;
        for (byte[] s : samples) {
            total += s.length;
        }
        int size = (int) Math.min(MAX_BYTES, total / 10);
        if (samples.size() < 64 || size < 4096) {
            return null;
        }
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE, total + 1), size);
        for (byte[] s : samples) {
            trainer.addSample(s);
        }
        try {
            byte[] dict = trainer.trainSamples();
            return Zstd.getDictIdFromDict(dict) != 0 ? dict : null;
        } catch (RuntimeException e) { // ZstdException: e.g. samples with no repeated content (ciphertext)
            LoggerFactory.getLogger(Dictionaries.class).info("no zstd dictionary for these pages ({}); pages are compressed on their own",
                    e.getMessage());
            return null;
        }
    }

    private Path labelFile(String label, StoreAccess access) {
        String key = (label == null ? "" : label) + "\n" + access.recipientsId();
        byte[] h = Sha256.newDigest().digest(key.getBytes(StandardCharsets.UTF_8));
        return cacheDir.resolve("dictionary-" + HexFormat.of().formatHex(h, 0, 8));
    }

    private static byte[] readCached(Path p) throws IOException {
        if (!Files.isRegularFile(p) || Files.size(p) > READ_LIMIT) {
            return null;
        }
        return Files.readAllBytes(p);
    }
}
