package app.lifeboat.core.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.mc.SQLiteMCChacha20Config;
import org.sqlite.mc.SQLiteMCSqlCipherConfig;

class SqliteFileTest {
    @TempDir
    Path dir;

    @Test
    void realDatabaseIsPlain() throws Exception {
        assertEquals(SqliteFile.PLAIN, SqliteFile.detect(TestDatabases.create(dir.resolve("a.db"), 10)));
    }

    @Test
    void zeroByteFileIsEmpty() throws Exception {
        assertEquals(SqliteFile.EMPTY, SqliteFile.detect(Files.createFile(dir.resolve("e.db"))));
    }

    @Test
    void textFileIsNotADatabase() throws Exception {
        assertEquals(SqliteFile.NOT_A_DATABASE, SqliteFile.detect(Files.writeString(dir.resolve("t.db"),
                "CREATE TABLE t(x);\n".repeat(200))));
    }

    @Test
    void headerCutShortIsNotADatabase() throws Exception {
        byte[] whole = Files.readAllBytes(TestDatabases.create(dir.resolve("a.db"), 10));
        assertEquals(SqliteFile.NOT_A_DATABASE, SqliteFile.detect(Files.write(dir.resolve("cut.db"), Arrays.copyOf(whole, 60))));
    }

    @Test
    void sqlCipherDatabaseIsLikelyEncrypted() throws Exception {
        Path file = dir.resolve("cipher.db");
        try (Connection c = SQLiteMCSqlCipherConfig.getV4Defaults().withKey("secret").build()
                        .createConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES ('hidden')");
        }
        assertEquals(SqliteFile.LIKELY_ENCRYPTED, SqliteFile.detect(file));
    }

    @Test
    void chacha20DatabaseIsLikelyEncrypted() throws Exception {
        Path file = dir.resolve("chacha.db");
        try (Connection c = SQLiteMCChacha20Config.getDefault().withKey("secret").build()
                        .createConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
        }
        assertEquals(SqliteFile.LIKELY_ENCRYPTED, SqliteFile.detect(file));
    }

    @Test
    void randomBytesInWholePagesLookEncryptedButNotOtherwise() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        assertEquals(SqliteFile.LIKELY_ENCRYPTED, SqliteFile.detect(Files.write(dir.resolve("r.bin"), noise)));
        assertEquals(SqliteFile.NOT_A_DATABASE,
                SqliteFile.detect(Files.write(dir.resolve("odd.bin"), Arrays.copyOf(noise, 1000))));
    }

    @Test
    void pageSizeIsReadFromTheHeader() {
        byte[] h = new byte[100];
        h[16] = 0x10;
        assertEquals(4096, SqliteFile.pageSizeFromHeader(h));
        h[16] = 0;
        h[17] = 1;
        assertEquals(65536, SqliteFile.pageSizeFromHeader(h));
    }
}
