package app.lifeboat.core.crypto;

import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import org.conscrypt.Conscrypt;

/**
 * Chooses the provider of age's payload cipher (ChaCha20-Poly1305). The JDK 17 provider is pure
 * Java and moves about 170 MB/s here, which made decryption the slowest stage of a verify;
 * Conscrypt's BoringSSL code moves about 1.3 GB/s. Conscrypt is used only for this cipher, never
 * installed as a global provider, and the JDK's is used wherever its native library cannot load.
 *
 * <p>Jagged hands the cipher heap ByteBuffers, and Conscrypt's ByteBuffer path copies each chunk
 * through a fresh direct buffer that is freed only by a GC: peak RSS reached 1.1 GB decrypting
 * 500 MB. So Conscrypt is reached through a one-algorithm provider whose ByteBuffer calls take
 * the JDK's default route to the byte-array calls, which allocate nothing.
 */
public final class PayloadCipher {
    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final Provider PROVIDER = load();

    private PayloadCipher() {}

    /** The native provider, or null for the JDK default. */
    static Provider provider() {
        return PROVIDER;
    }

    /**
     * A fresh ChaCha20-Poly1305 cipher from the same provider as age's payload, for callers that
     * seal their own frames (the incremental store seals each page on its own).
     */
    public static Cipher chaCha20Poly1305() {
        try {
            return PROVIDER == null ? Cipher.getInstance(ALGORITHM) : Cipher.getInstance(ALGORITHM, PROVIDER);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("every JDK 17 has " + ALGORITHM, e);
        }
    }

    /** Which implementation encrypts and decrypts age payloads (a test checks the native one is in use). */
    public static String describe() {
        return PROVIDER == null ? "JDK" : "Conscrypt (BoringSSL)";
    }

    private static Provider load() {
        if (Boolean.getBoolean("lifeboat.jdkCipher")) {
            return null;
        }
        try {
            if (!Conscrypt.isAvailable()) {
                return null;
            }
            Provider p = new ArrayAdapter(Conscrypt.newProvider());
            Cipher.getInstance(ALGORITHM, p); // proves the algorithm is there and the provider is accepted
            return p;
        } catch (Throwable e) { // a missing or incompatible native library: fall back, never fail
            return null;
        }
    }

    /** A provider of the one cipher, delegating to {@code inner} through byte arrays. */
    private static final class ArrayAdapter extends Provider {
        private static final long serialVersionUID = 1L;

        ArrayAdapter(Provider inner) {
            super("LifeboatPayload", "1", "ChaCha20-Poly1305 from " + inner.getName() + " through byte arrays");
            putService(new Service(this, "Cipher", ALGORITHM, ArraySpi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    try {
                        return new ArraySpi(Cipher.getInstance(ALGORITHM, inner));
                    } catch (NoSuchPaddingException e) {
                        throw new NoSuchAlgorithmException(e);
                    }
                }
            });
        }
    }

    /** Forwards every array call; ByteBuffer calls keep CipherSpi's defaults, which use the arrays of heap buffers. */
    private static final class ArraySpi extends CipherSpi {
        private final Cipher inner;

        ArraySpi(Cipher inner) {
            this.inner = inner;
        }

        @Override
        protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
            throw new NoSuchAlgorithmException("no modes");
        }

        @Override
        protected void engineSetPadding(String padding) throws NoSuchPaddingException {
            throw new NoSuchPaddingException("no padding");
        }

        @Override
        protected int engineGetBlockSize() {
            return inner.getBlockSize();
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return inner.getOutputSize(inputLen);
        }

        @Override
        protected byte[] engineGetIV() {
            return inner.getIV();
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return inner.getParameters();
        }

        @Override
        protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
            inner.init(opmode, key, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            inner.init(opmode, key, params, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            inner.init(opmode, key, params, random);
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int offset, int len) {
            return inner.update(input, offset, len);
        }

        @Override
        protected int engineUpdate(byte[] input, int offset, int len, byte[] output, int outputOffset)
                throws ShortBufferException {
            return inner.update(input, offset, len, output, outputOffset);
        }

        @Override
        protected void engineUpdateAAD(byte[] src, int offset, int len) {
            inner.updateAAD(src, offset, len);
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int offset, int len)
                throws IllegalBlockSizeException, BadPaddingException {
            return inner.doFinal(input, offset, len);
        }

        @Override
        protected int engineDoFinal(byte[] input, int offset, int len, byte[] output, int outputOffset)
                throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
            return inner.doFinal(input, offset, len, output, outputOffset);
        }
    }
}
