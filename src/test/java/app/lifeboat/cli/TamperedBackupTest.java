package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damages stored backups on purpose, one way per case, and checks that {@code verify} reports
 * each as failed with its reason (exit 1), that the good backup still passes, and that a restore
 * from a damaged backup changes nothing.
 */
class TamperedBackupTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    Path folder;
    String damaged;
    String intact;

    /** Two backups of the same size with different content: {@code damaged} is older. */
    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        db = TestDatabases.create(dir.resolve("app.db"), 3_000);
        lifeboat.ok("add", db.toString(), "--name", "app", "--compression", "none");
        lifeboat.ok("backup", "app");
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("UPDATE kv SET v = 'TESTS' WHERE k = 'owner'"); // same length: same page count
        }
        lifeboat.ok("backup", "app");
        JsonNode list = list();
        intact = list.get(0).get("id").asText();
        damaged = list.get(1).get("id").asText();
        folder = dir.resolve("home/backups/app");
        assertEquals(Files.size(stored(intact)), Files.size(stored(damaged)), "the swap case needs equal sizes");
    }

    enum Damage {
        TRUNCATE("truncated"),
        FLIP_BYTE_IN_THE_MIDDLE("checksum does not match"),
        EMPTY("empty"),
        DELETE_STORED_FILE("missing"),
        SWAP_WITH_ANOTHER_BACKUP("checksum does not match");

        final String reason;

        Damage(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void verifyReportsDamagedBackupAsFailedWithItsReason(Damage damage) throws Exception {
        apply(damage);

        CliRunner.Outcome o = lifeboat.run("verify", "app", "--all");

        assertEquals(1, o.exit(), o.out() + o.err());
        CliRunner.assertOneErrorLine(o.err());
        assertTrue(line(o.out(), damaged).startsWith(damaged + ": FAILED — ")
                && line(o.out(), damaged).contains(damage.reason), o.out());
        if (damage == Damage.SWAP_WITH_ANOTHER_BACKUP) {
            assertTrue(line(o.out(), intact).startsWith(intact + ": FAILED — "), o.out());
        } else {
            assertEquals(intact + ": ok — all checks passed", line(o.out(), intact));
        }
        assertEquals("failed", byId(list(), damaged).get("status").asText(), "the result is recorded in the sidecar");
        assertFalse(byId(list(), damaged).get("lastVerification").get("ok").asBoolean());
    }

    /** Stands in for a codec bug: the stored file is intact, but decodes to other bytes than were captured. */
    @Test
    void compressedBackupThatDecodesToOtherBytesThanCapturedFails() throws Exception {
        Path other = TestDatabases.create(dir.resolve("z.db"), 500);
        lifeboat.ok("add", other.toString(), "--name", "z", "--compression", "zstd");
        lifeboat.ok("backup", "z");
        JsonNode backup = new ObjectMapper().readTree(lifeboat.ok("list", "z", "--json").out()).get(0);
        Path sidecar = dir.resolve("home/backups/z").resolve(backup.get("id").asText() + ".json");
        com.fasterxml.jackson.databind.node.ObjectNode meta =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(sidecar.toFile());
        String crc = meta.get("originalCrc32c").asText();
        assertEquals(8, crc.length(), meta.toString());
        meta.put("originalCrc32c", crc.equals("00000000") ? "00000001" : "00000000");
        new ObjectMapper().writeValue(sidecar.toFile(), meta);

        CliRunner.Outcome o = lifeboat.run("verify", "z");

        assertEquals(1, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("the decoded database differs from the one captured"), o.out());
    }

    @Test
    void deletingSidecarUnlistsBackupAndPruneRemovesItsFile() throws Exception {
        Files.delete(folder.resolve(damaged + ".json"));

        JsonNode list = list();
        assertEquals(1, list.size());
        assertEquals(intact, list.get(0).get("id").asText());
        lifeboat.ok("verify", "app", "--all");
        lifeboat.ok("prune", "app");
        assertFalse(Files.exists(stored(damaged)), "a stored file no sidecar refers to is a leftover");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Damage.class, names = {"FLIP_BYTE_IN_THE_MIDDLE", "TRUNCATE", "DELETE_STORED_FILE"})
    void restoreLeavesTargetUntouchedWhenBackupIsTampered(Damage damage) throws Exception {
        String before = Content.digest(db);
        apply(damage);

        lifeboat.run("restore", "app", damaged, "--yes").failsWith(1, "failed verification");

        assertEquals(before, Content.digest(db));
        assertEquals(2, list().size(), "no pre-restore backup is taken for a refused restore");
    }

    private void apply(Damage damage) throws Exception {
        Path file = stored(damaged);
        switch (damage) {
            case TRUNCATE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(f.length() / 2);
                }
            }
            case FLIP_BYTE_IN_THE_MIDDLE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    long at = f.length() / 2;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x01);
                }
            }
            case EMPTY -> Files.write(file, new byte[0]);
            case DELETE_STORED_FILE -> Files.delete(file);
            case SWAP_WITH_ANOTHER_BACKUP -> {
                Path other = stored(intact);
                Path tmp = dir.resolve("swap");
                Files.move(file, tmp);
                Files.move(other, file);
                Files.move(tmp, other, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private Path stored(String id) {
        return dir.resolve("home/backups/app").resolve(id + ".db");
    }

    private JsonNode list() throws Exception {
        return new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no backup " + id + " in " + list);
    }

    private static String line(String out, String id) {
        List<String> found = new ArrayList<>(Arrays.stream(out.split("\n")).filter(l -> l.startsWith(id)).toList());
        assertEquals(1, found.size(), out);
        return found.get(0);
    }
}
