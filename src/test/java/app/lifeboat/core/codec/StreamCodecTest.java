package app.lifeboat.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeFailure;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.core.io.Sha256;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two-stage codec pass on real files: every format round-trips byte for byte with the stored
 * SHA-256 and the plain CRC-32C right, and a failure on either stage ends the pass with that failure instead of hanging
 * the other thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang is the failure being tested for, not a speed limit
class StreamCodecTest {
    @TempDir
    Path dir;

    /** 9 MiB and a bit, half compressible text, half random: several pipe chunks and a partial one. */
    private Path plainFile() throws IOException {
        byte[] data = new byte[9 * 1024 * 1024 + 12_345];
        Random random = new Random(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 2_000_000 < 1_000_000 ? (byte) ('a' + (i % 23)) : (byte) random.nextInt();
        }
        Path p = dir.resolve("plain.db");
        Files.write(p, data);
        return p;
    }

    /** A fresh X25519 identity: its recipient writer and its reader. */
    private record Identity(RecipientStanzaWriter recipientWriter, RecipientStanzaReader stanzaReader) {}

    private Identity identity() throws IOException {
        AgeKeys.Generated g = AgeKeys.generate();
        Path file = Files.createTempFile(dir, "id", ".txt");
        Files.writeString(file, g.identity() + "\n");
        return new Identity(AgeKeys.recipientWriter(g.recipient()), AgeKeys.readIdentityFile(file, () -> null).get(0));
    }

    @ParameterizedTest(name = "{0} age={1}")
    @CsvSource({"zstd,false", "gzip,false", "zstd,true", "none,true"})
    void everyFormatRoundTripsWithBothHashes(String codec, boolean age) throws Exception {
        Path plain = plainFile();
        Compression c = Compression.parse(codec);
        BackupFormat format = new BackupFormat(c, c.defaultLevel(), age);
        Identity id = identity();
        List<RecipientStanzaWriter> to = age ? List.of(id.recipientWriter()) : List.of();
        Path stored = Files.createFile(dir.resolve("stored"));

        StreamCodec.Result out = StreamCodec.encode(plain, stored, format, to, ProgressListener.NONE, Cancellation.none());

        assertEquals(sha(stored), out.sha256());
        assertEquals(Files.size(stored), out.storedBytes());
        assertEquals(crc(plain), out.plainCrc32c());
        assertEquals(Files.size(plain), out.plainBytes());
        // Not truncated with O_TRUNC (see FileSafety.openEmptyForWriting), so prove leftovers cannot survive.
        Path back = Files.write(dir.resolve("back"), new byte[(int) Files.size(plain) + 4096]);
        List<RecipientStanzaReader> from = age ? List.of(id.stanzaReader()) : List.of();
        StreamCodec.Result in;
        try (InputStream s = Files.newInputStream(stored)) {
            in = StreamCodec.decode(s, back, format, from, Files.size(stored), ProgressListener.NONE, Cancellation.none());
        }
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
        assertEquals(out.sha256(), in.sha256());
        assertEquals(out.plainCrc32c(), in.plainCrc32c());
        assertEquals(out.storedBytes(), in.storedBytes());
    }

    @Test
    void damagedZstdStreamFailsTheDecodeWithoutHanging() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, false);
        Path stored = Files.createFile(dir.resolve("stored.zst"));
        StreamCodec.encode(plain, stored, format, List.of(), ProgressListener.NONE, Cancellation.none());
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(f.length() / 3);
            f.write(new byte[4096]);
        }

        Path back = Files.createFile(dir.resolve("back"));
        try (InputStream s = Files.newInputStream(stored)) {
            assertThrows(IOException.class, () -> StreamCodec.decode(s, back, format, List.of(), Files.size(stored),
                    ProgressListener.NONE, Cancellation.none()));
        }
        assertNoStageThreadLeft();
    }

    @Test
    void zstdStreamCutShortIsRefusedWhereverItEnds() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, false);
        Path stored = Files.createFile(dir.resolve("stored.zst"));
        StreamCodec.encode(plain, stored, format, List.of(), ProgressListener.NONE, Cancellation.none());
        byte[] whole = Files.readAllBytes(stored);
        // the last byte, the frame's 4-byte checksum, at a pipe chunk boundary, in the middle
        for (int keep : new int[] {whole.length - 1, whole.length - 4, 1 << 20, whole.length / 2}) {
            Path cut = Files.write(dir.resolve("cut.zst"), Arrays.copyOf(whole, keep));
            Path back = Files.write(dir.resolve("back"), new byte[0]);
            try (InputStream s = Files.newInputStream(cut)) {
                assertThrows(IOException.class, () -> StreamCodec.decode(s, back, format, List.of(), keep,
                        ProgressListener.NONE, Cancellation.none()), "cut to " + keep + " bytes");
            }
        }
        assertNoStageThreadLeft();
    }

    @Test
    void concatenatedZstdFramesDecodeToTheirConcatenation() throws Exception {
        byte[] plain = Files.readAllBytes(plainFile());
        Path stored = dir.resolve("two-frames.zst");
        try (OutputStream out = Files.newOutputStream(stored)) {
            for (int i = 0; i < 2; i++) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                try (OutputStream z = Compression.ZSTD.compress(frame, 3)) {
                    z.write(plain);
                }
                out.write(frame.toByteArray());
            }
        }
        Path back = Files.createFile(dir.resolve("back"));
        StreamCodec.Result r;
        try (InputStream s = Files.newInputStream(stored)) {
            r = StreamCodec.decode(s, back, new BackupFormat(Compression.ZSTD, 3, false), List.of(), Files.size(stored),
                    ProgressListener.NONE, Cancellation.none());
        }
        byte[] twice = Arrays.copyOf(plain, 2 * plain.length);
        System.arraycopy(plain, 0, twice, plain.length, plain.length);
        assertArrayEquals(twice, Files.readAllBytes(back));
        assertEquals(twice.length, r.plainBytes());
    }

    @Test
    void ageFileCutAtAChunkBoundaryIsReportedAsAPayloadFailureNotAShortStream() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, true);
        Identity id = identity();
        Path stored = Files.createFile(dir.resolve("stored.zst.age"));
        StreamCodec.encode(plain, stored, format, List.of(id.recipientWriter()), ProgressListener.NONE, Cancellation.none());
        byte[] whole = Files.readAllBytes(stored);
        int payload = payloadStart(whole);
        int lastChunk = (whole.length - payload) % (64 * 1024 + 16);
        Path cut = Files.write(dir.resolve("cut.zst.age"), Arrays.copyOf(whole, whole.length - lastChunk));

        Path back = Files.createFile(dir.resolve("back"));
        try (InputStream s = Files.newInputStream(cut)) {
            AgeFailure f = assertThrows(AgeFailure.class, () -> StreamCodec.decode(s, back, format,
                    List.of(id.stanzaReader()), Files.size(cut), ProgressListener.NONE, Cancellation.none()));
            assertEquals(AgeFailure.Kind.PAYLOAD, f.kind());
        }
        assertNoStageThreadLeft();
    }

    @Test
    void wrongIdentityIsReportedAsNoMatchFromTheReadingStage() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, true);
        Path stored = Files.createFile(dir.resolve("stored.zst.age"));
        StreamCodec.encode(plain, stored, format, List.of(identity().recipientWriter()), ProgressListener.NONE,
                Cancellation.none());

        Path back = Files.createFile(dir.resolve("back"));
        try (InputStream s = Files.newInputStream(stored)) {
            AgeFailure f = assertThrows(AgeFailure.class, () -> StreamCodec.decode(s, back, format,
                    List.of(identity().stanzaReader()), Files.size(stored), ProgressListener.NONE, Cancellation.none()));
            assertEquals(AgeFailure.Kind.NO_MATCH, f.kind());
        }
        assertNoStageThreadLeft();
    }

    @Test
    void cancellingAnEncodeStopsBothStages() throws Exception {
        Path plain = plainFile();
        Cancellation cancel = Cancellation.none();
        ProgressListener cancelHalfway = (phase, done, total) -> {
            if (done > total / 2) {
                cancel.cancel();
            }
        };
        Path stored = Files.createFile(dir.resolve("stored.zst"));

        LifeboatException e = assertThrows(LifeboatException.class, () -> StreamCodec.encode(plain, stored,
                new BackupFormat(Compression.ZSTD, 3, true), List.of(identity().recipientWriter()), cancelHalfway, cancel));

        assertEquals(ErrorCode.CANCELLED, e.code());
        assertNoStageThreadLeft();
    }

    private static String sha(Path p) throws IOException {
        return Sha256.of(p, ProgressListener.NONE, ProgressListener.Phase.HASH, Cancellation.none());
    }

    @Test
    void roundTripsReuseTheirChunkBuffers() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, false);
        long before = StreamCodec.pool().allocatedCount();

        for (int i = 0; i < 4; i++) {
            roundTrip(plain, format, null);
        }

        // A decode has at most 14 buffers out at once (two pipes of 7); without the pool, four
        // round trips of 9 MiB would take more than 4 x 14.
        long allocated = StreamCodec.pool().allocatedCount() - before;
        assertTrue(allocated <= 14, "allocated " + allocated + " chunk buffers");
        assertTrue(StreamCodec.pool().idleCount() > 0);
    }

    @Test
    void noPooledBufferKeepsDecryptedBytesAfterAnEncryptedRoundTrip() throws Exception {
        Path plain = plainFile();
        roundTrip(plain, new BackupFormat(Compression.ZSTD, 3, true), identity());
        roundTrip(plain, new BackupFormat(Compression.NONE, 0, true), identity());

        assertPooledBuffersAreZero();
    }

    @Test
    void aFailedDecodeLeavesThePoolUsableAndClean() throws Exception {
        Path plain = plainFile();
        BackupFormat format = new BackupFormat(Compression.ZSTD, 3, true);
        Path stored = Files.createFile(dir.resolve("stored.zst.age"));
        StreamCodec.encode(plain, stored, format, List.of(identity().recipientWriter()), ProgressListener.NONE,
                Cancellation.none());
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[4096]);
        }
        Identity wrongOrRight = identity();
        try (InputStream s = Files.newInputStream(stored)) {
            assertThrows(IOException.class, () -> StreamCodec.decode(s, Files.createFile(dir.resolve("bad")), format,
                    List.of(wrongOrRight.stanzaReader()), Files.size(stored), ProgressListener.NONE, Cancellation.none()));
        }
        assertNoStageThreadLeft();

        roundTrip(plain, format, identity());
        assertPooledBuffersAreZero();
    }

    /** Encodes and decodes {@code plain} (age to {@code id} when the format says so) and checks the bytes came back. */
    private void roundTrip(Path plain, BackupFormat format, Identity id) throws IOException {
        Path stored = Files.createTempFile(dir, "stored", ".bin");
        List<RecipientStanzaWriter> to = format.ageEncrypted() ? List.of(id.recipientWriter()) : List.of();
        StreamCodec.encode(plain, stored, format, to, ProgressListener.NONE, Cancellation.none());
        Path back = Files.createTempFile(dir, "back", ".db");
        List<RecipientStanzaReader> from = format.ageEncrypted() ? List.of(id.stanzaReader()) : List.of();
        try (InputStream s = Files.newInputStream(stored)) {
            StreamCodec.decode(s, back, format, from, Files.size(stored), ProgressListener.NONE, Cancellation.none());
        }
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    }

    /** Borrows every idle buffer of the codec's pool, checks it is all zeros, and gives it back. */
    private static void assertPooledBuffersAreZero() {
        ChunkPool pool = StreamCodec.pool();
        int idle = pool.idleCount();
        assertTrue(idle > 0, "the passes should have left buffers in the pool");
        List<ChunkPool.Lease> borrowed = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            borrowed.add(pool.take());
        }
        try {
            for (ChunkPool.Lease b : borrowed) {
                ByteBuffer bytes = b.bytes();
                for (int i = 0; i < bytes.capacity(); i++) {
                    assertEquals(0, bytes.get(i), "a pooled buffer still holds bytes of an earlier pass");
                }
            }
        } finally {
            borrowed.forEach(pool::give);
        }
    }

    private static String crc(Path p) throws IOException {
        CRC32C c = new CRC32C();
        c.update(Files.readAllBytes(p));
        return String.format("%08x", c.getValue());
    }

    /** Where an age file's chunks start: after the header's MAC line and the 16-byte nonce. */
    private static int payloadStart(byte[] age) {
        for (int i = 0; i + 4 < age.length; i++) {
            if (age[i] == '\n' && age[i + 1] == '-' && age[i + 2] == '-' && age[i + 3] == '-' && age[i + 4] == ' ') {
                int j = i + 1;
                while (age[j] != '\n') {
                    j++;
                }
                return j + 1 + 16;
            }
        }
        throw new IllegalArgumentException("no age header end");
    }

    private static void assertNoStageThreadLeft() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("lifeboat-encode") || t.getName().startsWith("lifeboat-decode")) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName() + " is still running");
            }
        }
    }
}
