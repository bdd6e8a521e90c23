package app.lifeboat.core.crypto;

import app.lifeboat.core.io.BulkInputStream;
import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.crypto.CipherKey;
import com.exceptionfactory.jagged.framework.format.StandardPayloadKeyReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * The plaintext of a binary age file, with the header read by Jagged and the payload (age's STREAM
 * of 64 KiB ChaCha20-Poly1305 chunks) opened here. Jagged's payload channel gets a new cipher
 * for every chunk (inside Conscrypt a fresh 64 KiB buffer each, so as much garbage as data, and a
 * young collection every few MB) and copies every chunk three times through an 8 KiB channel
 * adapter; this reads the stored bytes in 1 MiB blocks and opens each chunk with one cipher.
 * Conscrypt's native calls copy every whole Java array they are given (in and out), so each chunk
 * is opened from and into arrays of one chunk, never from the 1 MiB block: that copy of 64 KiB
 * stays in the cache, where opening in place moved 2 MiB per chunk (1.5 CPU-s per GiB).
 *
 * <p>The rules are the spec's: a chunk is released only after its tag verified; the last chunk is
 * the one the stored bytes end with, and it must verify with the last-chunk flag, so a file cut at
 * a chunk boundary or anywhere else fails; a last chunk may be empty only when it is the only one;
 * a chunk marked last with bytes after it fails (it is opened as a middle chunk). A file that ends
 * with a full chunk not marked last is refused without releasing that chunk (the reference
 * implementation releases it first and then fails): only whole authenticated chunks come out.
 */
final class AgePayloadStream extends BulkInputStream {
    private static final int PLAIN_CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final int SEALED_CHUNK = PLAIN_CHUNK + TAG;
    /** Stored bytes read at a time; the header must fit in the first read, as in Jagged (64 KiB there). */
    private static final int BLOCK = 1 << 20;

    private final InputStream in;
    private final Cipher cipher;
    private final CipherKey key;
    private final byte[] nonce = new byte[12];
    private final byte[] sealed;
    private final byte[] chunk = new byte[SEALED_CHUNK];
    private int sealedPos;
    private int sealedEnd;
    private boolean sourceEnded;
    private final byte[] plain = new byte[PLAIN_CHUNK];
    private int plainPos;
    private int plainEnd;
    private boolean ended;
    private boolean first = true;

    private AgePayloadStream(InputStream in, CipherKey key, byte[] sealed, int sealedPos, int sealedEnd,
            boolean sourceEnded) {
        this.in = in;
        this.key = key;
        this.cipher = PayloadCipher.chaCha20Poly1305();
        this.sealed = sealed;
        this.sealedPos = sealedPos;
        this.sealedEnd = sealedEnd;
        this.sourceEnded = sourceEnded;
    }

    /** Reads the header of the binary age file {@code in} and returns its plaintext, chunk by chunk. */
    static InputStream open(InputStream in, List<RecipientStanzaReader> readers) throws IOException {
        byte[] head = new byte[BLOCK + SEALED_CHUNK + 1];
        int n = in.readNBytes(head, 0, BLOCK);
        ByteBuffer header = ByteBuffer.wrap(head, 0, n);
        CipherKey key;
        try {
            key = new StandardPayloadKeyReader().getPayloadKey(header, readers);
        } catch (UnsupportedRecipientStanzaException e) {
            throw new AgeFailure(AgeFailure.Kind.NO_MATCH, "no identity matches", e);
        } catch (PayloadException | BufferUnderflowException e) {
            throw new AgeFailure(AgeFailure.Kind.PAYLOAD, "the payload nonce is missing or short", e);
        } catch (GeneralSecurityException e) {
            throw new AgeFailure(Age.classify(e), e.getMessage(), e);
        } catch (IOException e) {
            throw new AgeFailure(AgeFailure.Kind.HEADER, e.getMessage(), e);
        }
        if (header.position() == n && n < BLOCK) {
            key.destroy();
            throw new AgeFailure(AgeFailure.Kind.PAYLOAD, "the file has no payload after its header", null);
        }
        return new AgePayloadStream(in, key, head, header.position(), n, n < BLOCK);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (plainPos == plainEnd) {
            if (ended) {
                return -1;
            }
            plainPos = 0;
            plainEnd = nextChunk(plain, 0);
            if (plainEnd < 0) {
                plainEnd = 0;
                return -1;
            }
        }
        int k = Math.min(len, plainEnd - plainPos);
        System.arraycopy(plain, plainPos, b, off, k);
        plainPos += k;
        return k;
    }

    /**
     * Opens the next chunk into {@code out} at {@code off} (room for 64 KiB) and returns its length,
     * or -1 after the last chunk. An empty last chunk returns -1 at once.
     */
    private int nextChunk(byte[] out, int off) throws IOException {
        while (!ended) {
            fill();
            int available = sealedEnd - sealedPos;
            boolean last = available <= SEALED_CHUNK; // nothing follows this chunk
            int n = Math.min(available, SEALED_CHUNK);
            if (n < TAG) {
                throw new AgeFailure(AgeFailure.Kind.PAYLOAD, n == 0 ? "the payload ends without its last chunk"
                        : "the payload ends inside a chunk", null);
            }
            int opened = open(out, off, n, last);
            sealedPos += n;
            if (last) {
                ended = true;
                key.destroy();
                if (opened == 0 && !first) {
                    throw new AgeFailure(AgeFailure.Kind.PAYLOAD, "the last chunk is empty", null);
                }
            }
            first = false;
            if (opened > 0) {
                return opened;
            }
        }
        return -1;
    }

    private int open(byte[] out, int off, int n, boolean last) throws AgeFailure {
        nonce[11] = (byte) (last ? 1 : 0);
        System.arraycopy(sealed, sealedPos, chunk, 0, n);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            int opened = cipher.doFinal(chunk, 0, n, out, off);
            increment();
            return opened;
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new AgeFailure(AgeFailure.Kind.PAYLOAD, "payload chunk " + counter() + " does not authenticate"
                    + (last ? " as the last chunk" : ""), e);
        }
    }

    /** Keeps at least one whole sealed chunk and the byte after it buffered, unless the file ends first. */
    private void fill() throws IOException {
        if (sourceEnded || sealedEnd - sealedPos > SEALED_CHUNK) {
            return;
        }
        int keep = sealedEnd - sealedPos;
        System.arraycopy(sealed, sealedPos, sealed, 0, keep);
        sealedPos = 0;
        sealedEnd = keep;
        int room = sealed.length - sealedEnd;
        int n = in.readNBytes(sealed, sealedEnd, room);
        sealedEnd += n;
        sourceEnded = n < room;
    }

    /** The 11-byte big-endian chunk counter; 2^88 chunks are out of reach, so no overflow check is needed. */
    private void increment() {
        for (int i = 10; i >= 0; i--) {
            if (++nonce[i] != 0) {
                return;
            }
        }
    }

    private long counter() {
        long c = 0;
        for (int i = 3; i <= 10; i++) {
            c = c << 8 | (nonce[i] & 0xff);
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        key.destroy();
        Arrays.fill(plain, (byte) 0);
        in.close();
    }
}
