package app.lifeboat.core.crypto;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Writes the age {@code scrypt} recipient stanza (a passphrase recipient), per the age spec:
 * {@code -> scrypt <salt> <log2 N>} with the file key wrapped by ChaCha20-Poly1305 under
 * scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N, r=8, p=1). Jagged's own scrypt
 * module is not on Maven Central, so this plugs into Jagged's stanza interface instead.
 */
public final class ScryptRecipientStanzaWriter implements RecipientStanzaWriter {
    /** age's default work factor (about a second on a laptop). */
    public static final int DEFAULT_LOG_N = 18;

    private final char[] passphrase;
    private final int logN;

    public ScryptRecipientStanzaWriter(char[] passphrase, int logN) {
        if (logN < 1 || logN > ScryptRecipientStanzaReader.MAX_LOG_N) {
            throw new IllegalArgumentException("work factor out of range");
        }
        this.passphrase = passphrase.clone();
        this.logN = logN;
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] wrapKey = Scrypt.deriveWrapKey(passphrase, salt, logN);
        byte[] body = Scrypt.chacha(true, wrapKey, fileKey.getEncoded());
        String saltText = Base64.getEncoder().withoutPadding().encodeToString(salt);
        return List.of(new Stanza("scrypt", List.of(saltText, Integer.toString(logN)), body));
    }

    record Stanza(String type, List<String> args, byte[] body) implements RecipientStanza {
        @Override
        public String getType() {
            return type;
        }

        @Override
        public List<String> getArguments() {
            return args;
        }

        @Override
        public byte[] getBody() {
            return body.clone();
        }
    }
}
