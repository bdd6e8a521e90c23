package app.lifeboat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data-sharing training run: every trained command still succeeds, and it cleans up after itself. */
class TrainingTest {
    @TempDir
    Path dir;

    @Test
    void everyTrainedCommandSucceedsAndNothingIsLeftBehind() throws Exception {
        assertEquals(0, Training.run(dir));
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("run-")));
        }
    }
}
