package app.lifeboat.core.incremental;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.util.List;

/**
 * What a caller brings to a store: the age recipients new keys are encrypted to (writing needs
 * only these), a stable description of them (so a key object is written once per recipient set),
 * and, for restore and data verification, the identities that open the keys.
 *
 * @param recipients age recipients (public keys, a passphrase); empty for an unencrypted store
 * @param recipientsId a stable text naming the recipient set, e.g. the sorted public keys; not secret
 * @param identities age identities; empty when the caller has none (backup and prune need none)
 */
public record StoreAccess(List<RecipientStanzaWriter> recipients, String recipientsId, List<RecipientStanzaReader> identities) {
    public StoreAccess {
        recipients = List.copyOf(recipients);
        identities = List.copyOf(identities);
        recipientsId = recipientsId == null ? "" : recipientsId;
    }

    /** An unencrypted store: frames are zstd only and the hash key is stored in plain. */
    public static StoreAccess plain() {
        return new StoreAccess(List.of(), "", List.of());
    }

    /** Encrypted to {@code recipients}, without identities: enough to back up and prune. */
    public static StoreAccess encrypted(List<RecipientStanzaWriter> recipients, String recipientsId) {
        return new StoreAccess(recipients, recipientsId, List.of());
    }

    public StoreAccess withIdentities(List<RecipientStanzaReader> readers) {
        return new StoreAccess(recipients, recipientsId, readers);
    }

    public boolean encrypted() {
        return !recipients.isEmpty();
    }
}
