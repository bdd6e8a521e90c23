package app.lifeboat.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.sqlite.ContentHash;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full check is split into a whole-file quick_check and one integrity_check per table; these
 * tests show the split still finds what only a full integrity_check finds (an index whose content
 * does not match its table), and that a sound file with awkward table names passes; both on the
 * two workers (big files) and on one connection (small files).
 */
class FileChecksTest {
    @TempDir
    Path dir;

    final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private FileChecks.Report check(Path db, boolean full, long inlineUpTo) {
        return FileChecks.run(db, null, false, full, true, ContentHash.NONE, executor, ProgressListener.NONE,
                Cancellation.none(), inlineUpTo);
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    @ParameterizedTest(name = "inline up to {0} bytes")
    @ValueSource(longs = {0, FileChecks.SMALL_FILE_BYTES})
    void anIndexThatDisagreesWithItsTableFailsTheFullCheckButNotTheQuickOne(long inlineUpTo) throws Exception {
        Path db = dir.resolve("index.db");
        sql(db, "CREATE TABLE t(a INTEGER, b TEXT)", "CREATE INDEX ti ON t(a)",
                "INSERT INTO t SELECT value, 'x' || value FROM generate_series(1, 2000)",
                "CREATE TABLE other(c)", "INSERT INTO other VALUES (1)",
                // The index's entries stay those of column a while its definition now says b.
                "PRAGMA writable_schema = ON", "UPDATE sqlite_schema SET sql = 'CREATE INDEX ti ON t(b)' WHERE name = 'ti'");

        FileChecks.Report quick = check(db, false, inlineUpTo);
        assertTrue(quick.integrityOk(), "quick_check does not compare index content");
        assertEquals(Map.of("t", 2000L, "other", 1L), quick.facts().tables());
        assertEquals(64, quick.sha256().length());
        FileChecks.Report full = check(db, true, inlineUpTo);

        assertFalse(full.integrityOk());
        assertTrue(full.integrityRows().get(0).contains("missing from index ti"), full.integrityRows().toString());
    }

    @ParameterizedTest(name = "inline up to {0} bytes")
    @ValueSource(longs = {0, FileChecks.SMALL_FILE_BYTES})
    void soundFileWithAwkwardTableNamesPassesWithFactsAndHash(long inlineUpTo) throws Exception {
        Path db = dir.resolve("names.db");
        sql(db, "CREATE TABLE \"it's \"\"quoted\"\"\"(x PRIMARY KEY, y) WITHOUT ROWID", "CREATE INDEX iy ON \"it's \"\"quoted\"\"\"(y)",
                "INSERT INTO \"it's \"\"quoted\"\"\" SELECT value, value * 2 FROM generate_series(1, 500)",
                "CREATE TABLE plain(z)", "INSERT INTO plain VALUES (1), (2)");

        FileChecks.Report full = check(db, true, inlineUpTo);

        assertEquals(List.of("ok"), full.integrityRows());
        assertEquals(Map.of("it's \"quoted\"", 500L, "plain", 2L), full.facts().tables());
        assertEquals(64, full.sha256().length());
    }
}
