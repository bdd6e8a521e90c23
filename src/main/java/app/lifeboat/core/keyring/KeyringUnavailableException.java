package app.lifeboat.core.keyring;

/**
 * The keyring cannot be used here; the message is the reason in words (no secret, no account). The
 * caller decides whether another source stands in or the operation fails.
 */
public final class KeyringUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyringUnavailableException(String reason) {
        super(reason);
    }

    public KeyringUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
