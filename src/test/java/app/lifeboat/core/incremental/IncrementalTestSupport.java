package app.lifeboat.core.incremental;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small file helpers for the store tests. */
final class IncrementalTestSupport {
    private IncrementalTestSupport() {}

    static void clearLocks(Path work) throws Exception {
        IncrementalStoreTest.deleteTree(work.resolve("store").resolve("locks"));
    }

    /** The snapshot taken last in a fixture folder (snap-N.db with the highest N). */
    static Path newest(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("snap-\\d+\\.db"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow();
        }
    }
}
