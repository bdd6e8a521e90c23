package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;

/** Real SQLite snapshots, a store in a folder, and the byte-for-byte restore check the store tests share. */
final class StoreFixture {
    final Path dir;
    final Destination destination;
    final Path cache;
    private int snapshots;

    StoreFixture(Path dir) {
        this.dir = dir;
        this.destination = new LocalFolderDestination(dir.resolve("store"));
        this.cache = dir.resolve("cache");
    }

    IncrementalStore open(StoreAccess access) {
        return IncrementalStore.open(destination, cache, access, true);
    }

    /** A consistent snapshot as the backup takes it: the backup API inside a read transaction (WAL content included). */
    Path snapshot(Path db) throws SQLException, IOException {
        Path out = dir.resolve("snap-" + (++snapshots) + ".db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro")) {
            c.setAutoCommit(false);
            c.createStatement().executeQuery("select 1 from sqlite_master").close();
            int rc = c.unwrap(SQLiteConnection.class).getDatabase().backup("main", out.toString(), null);
            c.commit();
            assertEquals(0, rc, "backup rc");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
        }
        return out;
    }

    static void sql(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    static String integrity(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return String.join(";", rows);
        }
    }

    /** Restores {@code id} and asserts the file is byte-identical to {@code snapshot} and (for plain files) passes integrity_check. */
    void assertRestores(IncrementalStore store, String id, Path snapshot, boolean plainSqlite) throws Exception {
        Path out = dir.resolve("restored-" + id + ".db");
        Files.deleteIfExists(out);
        store.restore(id, out, ProgressListener.NONE, Cancellation.none());
        assertArrayEquals(Files.readAllBytes(snapshot), Files.readAllBytes(out), "version " + id + " restores byte for byte");
        if (plainSqlite) {
            assertEquals("ok", integrity(out));
        }
        Files.delete(out);
    }

    WriteResult write(IncrementalStore store, Path snapshot) {
        return store.write(snapshot, 0, "test", ProgressListener.NONE, Cancellation.none());
    }
}
