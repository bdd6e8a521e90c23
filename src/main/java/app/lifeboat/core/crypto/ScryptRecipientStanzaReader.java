package app.lifeboat.core.crypto;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;

/**
 * Reads the age {@code scrypt} recipient stanza with a passphrase. Follows the spec's strictness
 * (checked against the age test vectors): a scrypt stanza must be the only stanza, the salt is 16
 * bytes of canonical base64, the work factor a plain decimal no larger than 22.
 */
public final class ScryptRecipientStanzaReader implements RecipientStanzaReader {
    /** The largest work factor accepted, as in the reference implementation: refuses denial-of-service files. */
    public static final int MAX_LOG_N = 22;

    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,2}");

    private final char[] passphrase;

    public ScryptRecipientStanzaReader(char[] passphrase) {
        this.passphrase = passphrase.clone();
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        List<RecipientStanza> all = new ArrayList<>();
        stanzas.forEach(all::add);
        List<RecipientStanza> scrypt = all.stream().filter(s -> "scrypt".equals(s.getType())).toList();
        if (scrypt.isEmpty()) {
            throw new UnsupportedRecipientStanzaException("no scrypt recipient stanza");
        }
        if (all.size() != 1) {
            throw new AgeHeaderException("a scrypt stanza must be the only recipient stanza");
        }
        RecipientStanza s = scrypt.get(0);
        List<String> args = s.getArguments();
        if (args.size() != 2) {
            throw new AgeHeaderException("scrypt stanza needs a salt and a work factor");
        }
        byte[] salt = canonicalBase64(args.get(0));
        if (salt.length != 16) {
            throw new AgeHeaderException("scrypt salt must be 16 bytes");
        }
        if (!DECIMAL.matcher(args.get(1)).matches() || Integer.parseInt(args.get(1)) > MAX_LOG_N) {
            throw new AgeHeaderException("scrypt work factor is malformed or too large");
        }
        byte[] body = s.getBody();
        if (body.length != 32) {
            throw new AgeHeaderException("scrypt stanza body must wrap a 16-byte file key");
        }
        byte[] wrapKey = Scrypt.deriveWrapKey(passphrase, salt, Integer.parseInt(args.get(1)));
        try {
            return new FileKey(Scrypt.chacha(false, wrapKey, body));
        } catch (AEADBadTagException e) {
            throw new UnsupportedRecipientStanzaException("passphrase does not match");
        }
    }

    private static byte[] canonicalBase64(String text) throws AgeHeaderException {
        try {
            byte[] b = Base64.getDecoder().decode(text);
            if (!Base64.getEncoder().withoutPadding().encodeToString(b).equals(text)) {
                throw new AgeHeaderException("scrypt salt is not canonical base64");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new AgeHeaderException("scrypt salt is not valid base64");
        }
    }
}
