package app.lifeboat.core.codec;

import app.lifeboat.core.Cancellation;
import app.lifeboat.core.ProgressListener;
import app.lifeboat.core.ProgressListener.Phase;
import app.lifeboat.core.crypto.Age;
import app.lifeboat.core.io.Sha256;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * One streaming pass between a plain database file and a stored backup: compress, encrypt and
 * hash on the way out; hash, decrypt and decompress on the way back. Buffers are fixed-size, so
 * memory stays flat whatever the database size.
 */
public final class StreamCodec {
    private static final int CHUNK = 1 << 20;

    private StreamCodec() {}

    /** What a pass produced: the SHA-256 and size of the stored bytes, and the plain size. */
    public record Result(String sha256, long storedBytes, long plainBytes) {}

    /** Encodes {@code plain} into the (existing, empty) file {@code stored}. */
    public static Result encode(Path plain, Path stored, BackupFormat format, List<RecipientStanzaWriter> recipients,
            ProgressListener progress, Cancellation cancel) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel in = FileChannel.open(plain, StandardOpenOption.READ);
                FileChannel outChannel = FileChannel.open(stored, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            CountingOutputStream counted = new CountingOutputStream(
                    new DigestOutputStream(Channels.newOutputStream(outChannel), digest));
            OutputStream sink = new BufferedOutputStream(counted, CHUNK);
            if (format.ageEncrypted()) {
                sink = Age.encrypt(sink, recipients);
            }
            long total = in.size();
            long done = 0;
            try (OutputStream out = format.compression().compress(sink, format.level())) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf.array(), 0, n);
                    buf.clear();
                    done += n;
                    progress.progress(Phase.WRITE, done, total);
                    cancel.check();
                }
            }
            // No fsync here: the staged file is fsynced once, when it is committed.
            return new Result(Sha256.hex(digest), counted.count, done);
        }
    }

    /**
     * Decodes {@code stored} into the (existing, empty) file {@code plain}. The SHA-256 covers every
     * stored byte, including any that trail the compressed stream. Decryption and format errors
     * come out as IOExceptions ({@link app.lifeboat.core.crypto.AgeFailure} for age).
     */
    public static Result decode(InputStream stored, Path plain, BackupFormat format,
            List<RecipientStanzaReader> identities, long storedSize, ProgressListener progress, Cancellation cancel)
            throws IOException {
        MessageDigest digest = Sha256.newDigest();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(stored, digest));
        InputStream source = counted;
        if (format.ageEncrypted()) {
            source = Age.decrypt(source, identities);
        }
        long plainBytes = 0;
        try (InputStream in = format.compression().decompress(source);
                FileChannel out = FileChannel.open(plain, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                out.write(ByteBuffer.wrap(buf, 0, n));
                plainBytes += n;
                progress.progress(Phase.VERIFY, counted.count, storedSize);
                cancel.check();
            }
            counted.transferTo(OutputStream.nullOutputStream()); // hash what trails the stream, if anything
        }
        return new Result(Sha256.hex(digest), counted.count, plainBytes);
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
