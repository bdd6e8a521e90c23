package app.lifeboat.core.crypto;

import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Streams in the age file format (age-encryption.org/v1) through Jagged, so files Lifeboat writes
 * open with {@code age -d} and files {@code age} writes open here. Failures come out as
 * {@link AgeFailure} with the spec's kind.
 */
public final class Age {
    private static final byte[] ARMOR_START = "-----BEGIN AGE".getBytes(StandardCharsets.US_ASCII);

    private Age() {}

    /** An output stream that encrypts to {@code writers} and writes the age file to {@code out}. */
    public static OutputStream encrypt(OutputStream out, List<RecipientStanzaWriter> writers) throws IOException {
        try {
            Provider p = PayloadCipher.provider();
            WritableByteChannel ch = (p == null ? new StandardEncryptingChannelFactory() : new StandardEncryptingChannelFactory(p))
                    .newEncryptingChannel(Channels.newChannel(out), writers);
            return Channels.newOutputStream(ch);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up age encryption: " + e.getMessage(), e);
        }
    }

    /** An input stream of the plaintext of the age file read from {@code in} (binary or armored). */
    public static InputStream decrypt(InputStream in, List<RecipientStanzaReader> readers) throws AgeFailure {
        BufferedInputStream peek = new CheapAvailable(in, 64 * 1024);
        try {
            boolean armored = startsWithArmor(peek);
            if (!armored && peek.available() == 0 && peekByte(peek) < 0) {
                throw new AgeFailure(AgeFailure.Kind.HEADER, "the file is empty", null);
            }
            List<RecipientStanzaReader> strict = List.of(new StrictStanzaReader(readers));
            if (!armored) {
                return new FailureMappingStream(AgePayloadStream.open(peek, strict));
            }
            Provider p = PayloadCipher.provider();
            ArmoredDecryptingChannelFactory factory = p == null ? new ArmoredDecryptingChannelFactory()
                    : new ArmoredDecryptingChannelFactory(p);
            ReadableByteChannel ch = factory.newDecryptingChannel(Channels.newChannel(peek), strict);
            return new FailureMappingStream(Channels.newInputStream(ch));
        } catch (AgeFailure e) {
            throw e;
        } catch (UnsupportedRecipientStanzaException e) {
            throw new AgeFailure(AgeFailure.Kind.NO_MATCH, "no identity matches", e);
        } catch (GeneralSecurityException e) {
            throw new AgeFailure(classify(e), e.getMessage(), e);
        } catch (PayloadException e) {
            throw new AgeFailure(AgeFailure.Kind.PAYLOAD, e.getMessage(), e);
        } catch (IOException e) {
            throw new AgeFailure(AgeFailure.Kind.HEADER, e.getMessage(), e);
        }
    }

    /** Skips leading whitespace (allowed around armor) and reports whether armor follows. */
    /**
     * The channel jagged reads armored files through ({@code Channels.newChannel}) asks
     * {@code available()} between every 8 KiB it copies; on a file stream that is two system calls
     * (size and position) each time. Bytes already buffered answer without going down.
     */
    private static final class CheapAvailable extends BufferedInputStream {
        CheapAvailable(InputStream in, int size) {
            super(in, size);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }

    private static boolean startsWithArmor(BufferedInputStream in) throws IOException {
        in.mark(1024);
        int b;
        int skipped = 0;
        while ((b = in.read()) >= 0 && Character.isWhitespace(b) && skipped < 1000) {
            skipped++;
            in.mark(1024);
        }
        in.reset();
        if (b < 0) {
            return false;
        }
        in.mark(ARMOR_START.length);
        byte[] head = in.readNBytes(ARMOR_START.length);
        in.reset();
        if (Arrays.equals(head, ARMOR_START)) {
            return true;
        }
        return false;
    }

    private static int peekByte(BufferedInputStream in) throws IOException {
        in.mark(1);
        int b = in.read();
        in.reset();
        return b;
    }

    static AgeFailure.Kind classify(GeneralSecurityException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("authentication code not verified")) {
            return AgeFailure.Kind.HMAC;
        }
        return AgeFailure.Kind.HEADER;
    }

    /** Turns Jagged's payload errors while reading into {@link AgeFailure}s of kind PAYLOAD. */
    private static final class FailureMappingStream extends FilterInputStream {
        FailureMappingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw payload(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw payload(e);
            }
        }

        private static AgeFailure payload(IOException e) {
            return e instanceof AgeFailure af ? af : new AgeFailure(AgeFailure.Kind.PAYLOAD, e.getMessage(), e);
        }
    }

}
