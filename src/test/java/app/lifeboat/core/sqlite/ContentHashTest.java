package app.lifeboat.core.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {
    @TempDir
    Path dir;

    private DatabaseFacts facts(Path db, ContentHash scheme) throws Exception {
        try (Connection c = Sqlite.openReadOnly(db, 1000)) {
            return Inspector.facts(c, scheme);
        }
    }

    @Test
    void bothSchemesAreDeterministicAndSeeEveryKindOfChange() throws Exception {
        for (ContentHash scheme : new ContentHash[] {ContentHash.ROWS_SHA256, ContentHash.SHA3_QUERY}) {
            Path db = TestDatabases.create(dir.resolve(scheme + ".db"), 300);
            String before = facts(db, scheme).contentHash();
            assertEquals(before, facts(db, scheme).contentHash());
            assertEquals(scheme, ContentHash.of(before));
            for (String change : new String[] {"UPDATE notes SET body = body || 'x' WHERE id = 7",
                "UPDATE notes SET data = x'00' WHERE id = 8", "UPDATE kv SET v = 2 WHERE k = 'schema'",
                "UPDATE kv SET v = '1' WHERE k = 'schema'", "UPDATE notes SET user_id = NULL WHERE id = 9"}) {
                try (Connection c = TestDatabases.open(db); Statement s = c.createStatement()) {
                    s.execute(change);
                }
                String after = facts(db, scheme).contentHash();
                assertNotEquals(before, after, scheme + " missed: " + change);
                before = after;
            }
        }
    }

    @Test
    void rowCountsComeFromTheHashingPass() throws Exception {
        Path db = TestDatabases.create(dir.resolve("a.db"), 123);
        Map<String, Long> hashed = facts(db, ContentHash.ROWS_SHA256).tables();
        Map<String, Long> counted = facts(db, ContentHash.NONE).tables();
        assertEquals(counted, hashed);
        assertEquals(123L, hashed.get("notes"));
        assertTrue(facts(db, ContentHash.NONE).contentHash() == null);
    }
}
