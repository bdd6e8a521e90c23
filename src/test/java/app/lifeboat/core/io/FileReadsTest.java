package app.lifeboat.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
}
