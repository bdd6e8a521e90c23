package app.lifeboat.core.incremental;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.crypto.Age;
import app.lifeboat.core.crypto.PayloadCipher;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.Sha256;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;

/**
 * The store's secrets: the hash key that names frames (kept in the local cache so a backup needs
 * no identity, and age-encrypted in the store so the store can be rebuilt), and the data keys that
 * seal page frames. A data key is made per write, age-encrypted to the recipients, and never
 * kept locally: the Lifeboat home holds nothing that decrypts pages.
 */
final class StoreKeys {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final Destination store;
    private final Destination keys;
    private final boolean encrypted;
    private final byte[] hashKey;
    private final Mac mac;
    private final List<RecipientStanzaReader> identities;
    private final Map<String, SecretKeySpec> dataKeys;
    private final Cipher cipher;

    StoreKeys(Destination store, boolean encrypted, byte[] hashKey, List<RecipientStanzaReader> identities) {
        this(store, encrypted, hashKey, identities, new ConcurrentHashMap<>());
    }

    private StoreKeys(Destination store, boolean encrypted, byte[] hashKey, List<RecipientStanzaReader> identities,
            Map<String, SecretKeySpec> dataKeys) {
        this.dataKeys = dataKeys;
        this.store = store;
        this.keys = store.within(Format.KEYS);
        this.encrypted = encrypted;
        this.hashKey = hashKey.clone();
        this.identities = identities;
        try {
            this.mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(this.hashKey, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
        this.cipher = encrypted ? PayloadCipher.chaCha20Poly1305() : null;
    }

    boolean encrypted() {
        return encrypted;
    }

    /**
     * The same keys for another thread: its own MAC and cipher (neither is thread-safe), sharing the
     * data keys opened so far, so a passphrase's scrypt runs once per key whatever the threads.
     */
    StoreKeys forAnotherThread() {
        return new StoreKeys(store, encrypted, hashKey, identities, dataKeys);
    }

    FrameId id(byte[] data, int off, int len) {
        mac.update(data, off, len);
        return FrameId.of(mac.doFinal(), 0);
    }

    /** Writes the hash key into {@code cacheDir} (0600) unless it holds it already. */
    void cacheHashKey(Path cacheDir) throws IOException {
        Path cached = cacheDir.resolve("hash-key");
        if (!Files.isRegularFile(cached)) {
            FileSafety.createPrivateDirectories(cacheDir);
            FileSafety.writeAtomically(cached, hashKey);
        }
    }

    /** The names of the hash key objects in {@code keys} (a store's {@code keys/}), one per recipient set it served. */
    static Set<String> hashKeyNames(Destination keys) throws IOException {
        Set<String> out = new HashSet<>();
        for (String n : keys.isAvailable() ? keys.list() : List.<String>of()) {
            if (n.startsWith("hash-")) {
                out.add(n);
            }
        }
        return out;
    }

    static byte[] newKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    static String hashKeyName(String recipientsId, boolean encrypted) {
        if (!encrypted) {
            return "hash-plain";
        }
        byte[] d = Sha256.newDigest().digest(recipientsId.getBytes(StandardCharsets.UTF_8));
        return "hash-" + HexFormat.of().formatHex(d, 0, 16);
    }

    /** Stores the hash key for {@code access}'s recipients unless an object for them exists. */
    void publishHashKey(StoreAccess access) throws IOException {
        String name = hashKeyName(access.recipientsId(), encrypted);
        if (!keys.exists(name)) {
            keys.writeAtomically(name, encrypted ? ageEncrypt(hashKey, access.recipients()) : hashKey);
            if (encrypted && hashKeyNames(keys).size() > 1) {
                // Pages stored before stay sealed under data keys for the earlier recipients, and new
                // versions reuse them: said once, when the new set first writes (see the README).
                LoggerFactory.getLogger(StoreKeys.class).warn("the incremental store at {} now serves more than one set of "
                        + "recipients: versions made from now on still reuse pages sealed for the earlier ones, so restoring "
                        + "them needs an earlier identity as well; keep it", store.describe());
            }
        }
    }

    /** A new data key for one write, published (age-encrypted) before any frame it seals. */
    String newDataKey(StoreAccess access) throws IOException {
        byte[] k = newKey();
        byte[] id = new byte[Format.KEY_ID_BYTES];
        RANDOM.nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        keys.writeAtomically("data-" + hex, ageEncrypt(k, access.recipients()));
        dataKeys.put(hex, new SecretKeySpec(k, "ChaCha20"));
        return hex;
    }

    /** Seals {@code plain} under data key {@code keyHex}: a random nonce, then ciphertext and tag, bound to the frame id. */
    byte[] seal(String keyHex, FrameId id, byte[] plain) {
        byte[] nonce = new byte[Format.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, dataKeys.get(keyHex), new IvParameterSpec(nonce));
            cipher.updateAAD(id.bytes());
            byte[] out = new byte[Format.NONCE_BYTES + plain.length + Format.TAG_BYTES];
            System.arraycopy(nonce, 0, out, 0, Format.NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, out, Format.NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a frame failed", e);
        }
    }

    /** Opens a sealed frame; null when it does not authenticate (damaged, swapped or forged). */
    byte[] open(String keyHex, FrameId id, byte[] sealed) throws IOException {
        if (sealed.length < Format.NONCE_BYTES + Format.TAG_BYTES) {
            return null;
        }
        SecretKeySpec key = dataKey(keyHex);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(sealed, 0, Format.NONCE_BYTES));
            cipher.updateAAD(id.bytes());
            return cipher.doFinal(sealed, Format.NONCE_BYTES, sealed.length - Format.NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private SecretKeySpec dataKey(String keyHex) throws IOException {
        SecretKeySpec k = dataKeys.get(keyHex);
        if (k != null) {
            return k;
        }
        synchronized (dataKeys) { // one thread opens a key; the others wait for it rather than run age again
            return openDataKey(keyHex);
        }
    }

    private SecretKeySpec openDataKey(String keyHex) throws IOException {
        SecretKeySpec k = dataKeys.get(keyHex);
        if (k == null) {
            String name = "data-" + keyHex;
            if (!keys.exists(name)) {
                throw Format.damaged("the data key object " + name + " is missing");
            }
            byte[] raw;
            try (InputStream in = keys.open(name)) {
                raw = ageDecrypt(in.readNBytes(64 * 1024), identities, name);
            }
            Format.require(raw.length == 32, "the data key object " + name + " does not hold a 32-byte key");
            k = new SecretKeySpec(raw, "ChaCha20");
            dataKeys.put(keyHex, k);
        }
        return k;
    }

    static byte[] ageEncrypt(byte[] plain, List<RecipientStanzaWriter> recipients) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = Age.encrypt(bo, recipients)) {
            o.write(plain);
        }
        return bo.toByteArray();
    }

    static byte[] ageDecrypt(byte[] stored, List<RecipientStanzaReader> identities, String what) {
        return ageDecrypt(stored, identities, what, 1024);
    }

    /** Decrypts at most {@code limit} bytes of plaintext (a key or a dictionary), whatever the object claims. */
    static byte[] ageDecrypt(byte[] stored, List<RecipientStanzaReader> identities, String what, int limit) {
        if (identities.isEmpty()) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "the incremental store is encrypted and reading "
                    + what + " needs the identity", Remedy.GIVE_IDENTITY);
        }
        try (InputStream in = Age.decrypt(new ByteArrayInputStream(stored), identities)) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.WRONG_KEY, "the given identity does not open the incremental store's "
                    + what, Remedy.GIVE_IDENTITY);
        }
    }

    /**
     * The hash key: from the local cache when present, else from the store (plain stores, or with an
     * identity), else a new one when the store has none yet.
     */
    static byte[] loadHashKey(Destination store, Path cacheDir, boolean encrypted, List<RecipientStanzaReader> identities,
            boolean mayCreate) throws IOException {
        Path cached = cacheDir.resolve("hash-key");
        if (Files.isRegularFile(cached)) {
            byte[] k = Files.readAllBytes(cached);
            if (k.length == 32) {
                return k;
            }
        }
        Destination keys = store.within(Format.KEYS);
        List<String> names = keys.isAvailable() ? keys.list() : List.of();
        byte[] found = null;
        LifeboatException last = null;
        for (String n : names) {
            if (!n.startsWith("hash-")) {
                continue;
            }
            byte[] stored;
            try (InputStream in = keys.open(n)) {
                stored = in.readNBytes(64 * 1024);
            }
            if (!encrypted) {
                found = stored;
                break;
            }
            if (identities.isEmpty()) {
                continue;
            }
            try {
                found = ageDecrypt(stored, identities, "hash key");
                break;
            } catch (LifeboatException e) {
                last = e;
            }
        }
        if (found == null) {
            if (names.stream().anyMatch(n -> n.startsWith("hash-"))) {
                if (last != null) {
                    throw last;
                }
                throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "the local cache of the incremental store at "
                        + store.describe() + " is missing, and rebuilding it needs the identity", Remedy.GIVE_IDENTITY);
            }
            if (!mayCreate) {
                throw Format.damaged("the store holds no hash key");
            }
            found = newKey();
        }
        Format.require(found.length == 32, "the hash key object does not hold a 32-byte key");
        FileSafety.createPrivateDirectories(cacheDir);
        FileSafety.writeAtomically(cached, found);
        return found;
    }
}
