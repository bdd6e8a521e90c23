package app.lifeboat.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReadsTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryByteOfAFileLargerThanOneRead() throws Exception {
        byte[] data = new byte[3 * (1 << 20) + 4097];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("f.bin"), data);
        try (InputStream in = FileReads.open(file)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aMissingFileIsTheTypedExceptionCallersHandle() {
        assertThrows(NoSuchFileException.class, () -> FileReads.open(dir.resolve("missing")));
    }

    @Test
    void readAtReadsAtMostTheBufferFromThePositionAndSaysWhereTheFileEnds() throws Exception {
        byte[] data = new byte[10_000];
        new Random(9).nextBytes(data);
        Path file = Files.write(dir.resolve("g.bin"), data);
        ByteBuffer via = ByteBuffer.allocateDirect(4096);
        byte[] b = new byte[8192];
        try (FileChannel ch = FileChannel.open(file)) {
            assertEquals(4096, FileReads.readAt(ch, 5000, b, 10, 8000, via));
            assertArrayEquals(Arrays.copyOfRange(data, 5000, 9096), Arrays.copyOfRange(b, 10, 4106));
            assertEquals(1000, FileReads.readAt(ch, 9000, b, 0, 4096, via));
            assertEquals(-1, FileReads.readAt(ch, 10_000, b, 0, 4096, via));
        }
    }
}
