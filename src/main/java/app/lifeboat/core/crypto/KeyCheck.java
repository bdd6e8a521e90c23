package app.lifeboat.core.crypto;

import app.lifeboat.core.io.Sha256;
import app.lifeboat.core.sqlite.DatabaseKey;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A verifier of "which key was this backup made with", so {@code status} can warn when backups
 * exist under a previous key without trying to decrypt them. It is a slow scrypt hash (about as
 * costly to guess against as the SQLCipher file itself), salted per database, so every backup
 * made under the same key carries the same value and one computation checks them all.
 */
public final class KeyCheck {
    private static final int LOG_N = 15;

    private KeyCheck() {}

    public static String of(DatabaseKey key, String database) {
        MessageDigest d = Sha256.newDigest();
        // A domain tag, not a message: its bytes are fixed forever (\u0020 is the space it has always had).
        byte[] salt = Arrays.copyOf(d.digest(("lifeboat\u0020key check\0" + database).getBytes(StandardCharsets.UTF_8)), 16);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(key.keyChars()));
        byte[] pass = new byte[encoded.remaining()];
        encoded.get(pass);
        try {
            byte[] h = SCrypt.generate(pass, salt, 1 << LOG_N, 8, 1, 16);
            return "scrypt" + LOG_N + ":" + Base64.getEncoder().withoutPadding().encodeToString(h);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }
}
