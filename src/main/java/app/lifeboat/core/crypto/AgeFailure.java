package app.lifeboat.core.crypto;

import java.io.IOException;

/**
 * Why an age file could not be decrypted, in the categories of the age test vectors, so callers
 * can tell "wrong key" from "damaged file".
 */
public final class AgeFailure extends IOException {
    /** The kinds of failure the age spec distinguishes. */
    public enum Kind {
        /** The header is fine but no stanza opens with the given identities or passphrase. */
        NO_MATCH,
        /** The header is malformed. */
        HEADER,
        /** The header's MAC does not match: the header was changed. */
        HMAC,
        /** The payload is truncated or was changed. */
        PAYLOAD
    }

    private final Kind kind;

    public AgeFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
