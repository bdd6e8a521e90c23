package app.lifeboat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void theListedClassesAreStillThereToArchive() throws Exception {
        for (String list : Training.CLASS_LISTS) {
            List<String> missing = Training.loadListedClasses(list);
            // Another platform's JavaFX has other toolkit classes; Lifeboat's own must all be there.
            assertTrue(missing.stream().noneMatch(n -> n.startsWith("app.lifeboat.") || n.endsWith(".txt")),
                    "rerun the script the first line of " + list + " names; gone: " + missing);
            assertTrue(missing.size() < 100, list + ": " + missing.size() + " gone: " + missing);
        }
    }

    @Test
    void theCommandLinesArchiveLoadsNoListTheWindowsLoadsBoth() {
        assertEquals(Training.CLASS_LISTS, Training.classLists(null));
        assertEquals(List.of(), Training.classLists("none"));
        assertEquals(List.of("offsite-classes.txt"), Training.classLists("offsite"));
        assertEquals(List.of("window-classes.txt", "offsite-classes.txt"), Training.classLists("window, offsite"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Training.classLists("windows"));
        assertTrue(e.getMessage().contains("'windows'"), e.getMessage());
    }
}
