package app.lifeboat.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payload reader over files larger than its 1 MiB read block, where chunks straddle two reads:
 * every size round-trips through Jagged's writer, and a file cut anywhere (at a chunk boundary, at
 * a block boundary, inside a chunk) or changed in one byte is refused after releasing only whole
 * authenticated chunks of the original.
 */
class AgePayloadStreamTest {
    private static final int CHUNK = 64 * 1024;
    private static final int SEALED = CHUNK + 16;
    private static List<RecipientStanzaReader> readers;
    private static String recipient;

    @BeforeAll
    static void keys() throws Exception {
        AgeKeys.Generated g = AgeKeys.generate();
        recipient = g.recipient();
        readers = List.of(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(g.identity()));
    }

    private static byte[] plain(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = Age.encrypt(out, AgeKeys.writers(List.of(recipient), null))) {
            enc.write(plain);
        }
        return out.toByteArray();
    }

    /** Reads in odd sizes, and the source hands out at most 5000 bytes a call, as a slow stream may. */
    private static byte[] decrypt(byte[] file, ByteArrayOutputStream released) throws IOException {
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(file)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 5000));
            }
        };
        try (InputStream in = Age.decrypt(trickle, readers)) {
            byte[] buf = new byte[100_000];
            int n;
            int ask = 1;
            while ((n = in.read(buf, 0, ask)) >= 0) {
                released.write(buf, 0, n);
                ask = ask % 99_991 + 7919; // both below and above one chunk
            }
        }
        return released.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 16 * CHUNK, 16 * CHUNK + 5, 3 * 1024 * 1024 + 12345})
    void everySizeRoundTrips(int size) throws IOException {
        byte[] p = plain(size);
        assertArrayEquals(p, decrypt(encrypt(p), new ByteArrayOutputStream()));
    }

    @Test
    void aFileCutAnywhereIsRefusedAfterOnlyWholeChunks() throws IOException {
        byte[] p = plain(40 * CHUNK + 777);
        byte[] file = encrypt(p);
        int payloadStart = file.length - (40 * SEALED + 777 + 16);
        int[] cuts = {payloadStart, payloadStart + 10, payloadStart + SEALED, payloadStart + 15 * SEALED,
            payloadStart + 16 * SEALED - 1, 1 << 20, (1 << 20) + 1, payloadStart + 40 * SEALED, file.length - 1};
        for (int cut : cuts) {
            assertRefusedWithAPrefix(Arrays.copyOf(file, cut), p, "cut at " + cut);
        }
    }

    @Test
    void aChangedByteInAnyChunkIsRefused() throws IOException {
        byte[] p = plain(20 * CHUNK);
        byte[] file = encrypt(p);
        for (int at : new int[] {file.length - 1, file.length - SEALED, file.length - 10 * SEALED - 100, 1 << 20}) {
            byte[] damaged = file.clone();
            damaged[at] ^= 0x01;
            assertRefusedWithAPrefix(damaged, p, "flipped byte " + at);
        }
    }

    @Test
    void bytesAfterTheLastChunkAreRefused() throws IOException {
        byte[] p = plain(3 * CHUNK + 10);
        byte[] file = encrypt(p);
        for (int extra : new int[] {1, 16, SEALED}) {
            assertRefusedWithAPrefix(Arrays.copyOf(file, file.length + extra), p, extra + " trailing bytes");
        }
    }

    private static void assertRefusedWithAPrefix(byte[] file, byte[] original, String what) {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        AgeFailure e = assertThrows(AgeFailure.class, () -> decrypt(file, released), what);
        assertEquals(AgeFailure.Kind.PAYLOAD, e.kind(), what);
        byte[] r = released.toByteArray();
        assertEquals(0, r.length % CHUNK, what + ": only whole chunks are released");
        assertTrue(r.length < original.length, what);
        assertArrayEquals(Arrays.copyOf(original, r.length), r, what + ": what was released is the original's");
    }
}
