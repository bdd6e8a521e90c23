package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * What a folder of a destination tells about the store in it before the store is opened: whether
 * there is one, its encryption, and the recipient sets it takes versions for. The caller chooses
 * from that which folder new versions go to.
 */
public final class StoreProbe {
    private StoreProbe() {}

    /**
     * Whether the store in {@code store} is encrypted, from its config alone; null when there is
     * none (yet), so a caller can choose where a store of the encryption it needs goes.
     */
    public static Boolean encryptedAt(Destination store) {
        try {
            JsonNode config = StoreConfig.read(store);
            return config == null ? null : config.path("encrypted").asBoolean();
        } catch (IOException e) {
            throw IncrementalStore.io("cannot open the incremental store at " + store.describe(), e);
        }
    }

    /**
     * Whether the encrypted store in {@code store} takes versions for the recipient set
     * {@code recipientsId}: it holds that set's hash key object, which only a store made for the
     * set (or, before Lifeboat gave each set its own store, one the set wrote to) has; or it holds
     * none yet (a first backup failed before its first write), so it belongs to no set.
     */
    public static boolean servesRecipients(Destination store, String recipientsId) {
        Destination keys = store.within(Format.KEYS);
        if (keys.exists(StoreKeys.hashKeyName(recipientsId, true))) {
            return true;
        }
        try {
            return StoreKeys.hashKeyNames(keys).isEmpty();
        } catch (IOException e) {
            throw IncrementalStore.io("cannot list the keys of the incremental store at " + store.describe(), e);
        }
    }

    /** The 16 hex digits that name recipient set {@code recipientsId} in the folder of its own store. */
    public static String recipientsTag(String recipientsId) {
        return StoreKeys.hashKeyName(recipientsId, true).substring("hash-".length(), "hash-".length() + 16);
    }
}
