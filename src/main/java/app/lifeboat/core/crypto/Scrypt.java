package app.lifeboat.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/** The key derivation and key wrapping of age's scrypt recipient, shared by its reader and writer. */
final class Scrypt {
    private static final byte[] LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);

    private Scrypt() {}

    static byte[] deriveWrapKey(char[] passphrase, byte[] salt, int logN) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pass = new byte[encoded.remaining()];
        encoded.get(pass);
        byte[] fullSalt = new byte[LABEL.length + salt.length];
        System.arraycopy(LABEL, 0, fullSalt, 0, LABEL.length);
        System.arraycopy(salt, 0, fullSalt, LABEL.length, salt.length);
        try {
            return SCrypt.generate(pass, fullSalt, 1 << logN, 8, 1, 32);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    /** ChaCha20-Poly1305 with the all-zero nonce age uses for wrapping a file key. */
    static byte[] chacha(boolean encrypt, byte[] key, byte[] input) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                new IvParameterSpec(new byte[12]));
        return c.doFinal(input);
    }
}
