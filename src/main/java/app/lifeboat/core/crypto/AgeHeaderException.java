package app.lifeboat.core.crypto;

import java.security.GeneralSecurityException;

/** An age header that breaks the format's rules (as opposed to one that is fine but for another key). */
public final class AgeHeaderException extends GeneralSecurityException {
    public AgeHeaderException(String message) {
        super(message);
    }
}
