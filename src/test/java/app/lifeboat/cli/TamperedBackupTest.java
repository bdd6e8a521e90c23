package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        ObjectNode meta =
                (ObjectNode) new ObjectMapper().readTree(sidecar.toFile());
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

    /**
     * Edits of a sidecar (and one of the stored file's size). The rows whose {@code file} points
     * elsewhere point at an exact copy of the backup's own file, so following that name would make
     * verify pass: a FAILED line proves the name was refused, not read.
     */
    enum SidecarEdit {
        FILE_UP_TWO_FOLDERS(true, "as its stored file"),
        FILE_ABSOLUTE(true, "as its stored file"),
        FILE_IN_A_SUBFOLDER(true, "as its stored file"),
        FILE_NOT_OF_LIFEBOATS_FORM(true, "as its stored file"),
        FILE_OF_ANOTHER_BACKUP(true, "as its stored file"),
        WRONG_CODEC(true, "as its stored file"),
        UNKNOWN_CODEC(true, "unknown compression"),
        INVALID_UTF8(true, "not valid backup metadata"),
        HUGE_SIDECAR(true, "too large"),
        WRONG_SIZE(false, "has the wrong size"),
        WRONG_SHA256(false, "checksum does not match"),
        HUGE_STORED_FILE(false, "has the wrong size");

        /** The sidecar cannot be trusted at all, so the backup is unreadable metadata rather than a failed check. */
        final boolean unreadable;
        final String reason;

        SidecarEdit(boolean unreadable, String reason) {
            this.unreadable = unreadable;
            this.reason = reason;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SidecarEdit.class)
    void editedSidecarFailsVerifyAndNothingOutsideItsFolderIsReadOrDeleted(SidecarEdit edit) throws Exception {
        Path decoy = apply(edit);
        String decoyBytes = decoy == null ? null : sha(decoy);

        CliRunner.Outcome o = lifeboat.run("verify", "app", "--all");

        assertEquals(1, o.exit(), o.out() + o.err());
        CliRunner.assertOneErrorLine(o.err());
        assertTrue(line(o.out(), damaged).startsWith(damaged + ": FAILED — ")
                && line(o.out(), damaged).contains(edit.reason), o.out());
        assertEquals(intact + ": ok — all checks passed", line(o.out(), intact));
        if (edit.unreadable) {
            CliRunner.Outcome listed = lifeboat.ok("list", "app");
            assertTrue(listed.err().contains(damaged + ".json") && listed.err().contains(edit.reason), listed.err());
            lifeboat.run("verify", "app", damaged).failsWith(1, damaged);
            lifeboat.run("delete", "app", damaged).failsWith(1, damaged);
            lifeboat.run("restore", "app", damaged, "--yes").failsWith(1, damaged);
        }
        lifeboat.ok("set", "app", "--keep-last", "1");
        lifeboat.ok("prune", "app");
        if (decoy != null) {
            assertEquals(decoyBytes, sha(decoy), "the file the sidecar named is neither deleted nor changed");
        }
        assertTrue(Files.exists(stored(intact)), "the good backup survives");
        if (edit.unreadable) {
            assertTrue(Files.exists(stored(damaged)), "a stored file whose sidecar needs repair is kept");
        }
    }

    /** Applies {@code edit} and returns the file the edited sidecar now names, when that is not its own. */
    private Path apply(SidecarEdit edit) throws Exception {
        Path sidecar = folder.resolve(damaged + ".json");
        ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(sidecar.toFile());
        Path decoy = switch (edit) {
            case FILE_UP_TWO_FOLDERS -> redirect(meta, "../../x", folder.resolve("../../x"));
            case FILE_ABSOLUTE -> redirect(meta, dir.resolve("outside.db").toString(), dir.resolve("outside.db"));
            case FILE_IN_A_SUBFOLDER -> redirect(meta, "sub/" + damaged + ".db", folder.resolve("sub/" + damaged + ".db"));
            case FILE_NOT_OF_LIFEBOATS_FORM -> redirect(meta, "copy.db", folder.resolve("copy.db"));
            case FILE_OF_ANOTHER_BACKUP -> {
                meta.put("file", intact + ".db");
                yield stored(intact);
            }
            default -> null;
        };
        switch (edit) {
            case WRONG_CODEC -> meta.put("codec", "gzip");
            case UNKNOWN_CODEC -> meta.put("codec", "lzma");
            case WRONG_SIZE -> meta.put("storedSizeBytes", meta.get("storedSizeBytes").asLong() - 1);
            case WRONG_SHA256 -> meta.put("sha256", "0".repeat(64));
            case INVALID_UTF8 -> meta.put("description", "MARKER");
            case HUGE_STORED_FILE -> {
                try (RandomAccessFile f = new RandomAccessFile(stored(damaged).toFile(), "rw")) {
                    f.setLength(8L << 30); // sparse: costs no disk, but reading it would take minutes
                }
            }
            default -> { }
        }
        byte[] bytes = new ObjectMapper().writeValueAsBytes(meta);
        if (edit == SidecarEdit.HUGE_SIDECAR) {
            byte[] padded = new byte[(5 << 20) + bytes.length]; // valid JSON after 5 MiB of blanks
            Arrays.fill(padded, (byte) ' ');
            System.arraycopy(bytes, 0, padded, 5 << 20, bytes.length);
            bytes = padded;
        }
        if (edit == SidecarEdit.INVALID_UTF8) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("MARKER");
            bytes[at] = (byte) 0xff;
            bytes[at + 1] = (byte) 0xfe;
        }
        Files.write(sidecar, bytes);
        return decoy;
    }

    /** Points the sidecar at {@code name} and puts an exact copy of the backup's file at {@code where}. */
    private Path redirect(ObjectNode meta, String name, Path where) throws Exception {
        meta.put("file", name);
        Files.createDirectories(where.getParent());
        Files.copy(stored(damaged), where);
        return where;
    }

    private static String[] args(List<String> command, List<String> options) {
        List<String> all = new ArrayList<>(command);
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    private static String sha(Path file) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** A damaged compressed file and a damaged age-encrypted file fail verify and are never restored. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zstd", "age"})
    void damagedEncodedBackupFailsVerify(String encoding) throws Exception {
        Path other = TestDatabases.create(dir.resolve("e.db"), 2_000);
        Path identity = dir.resolve("identity.txt");
        if (encoding.equals("age")) {
            String out = lifeboat.ok("keygen", identity.toString()).out();
            String recipient = out.substring(out.indexOf("age1")).strip();
            lifeboat.ok("add", other.toString(), "--name", "e", "--encrypt-to", recipient, "--storage", "full");
        } else {
            lifeboat.ok("add", other.toString(), "--name", "e", "--compression", "zstd");
        }
        lifeboat.ok("backup", "e");
        JsonNode backup = new ObjectMapper().readTree(lifeboat.ok("list", "e", "--json").out()).get(0);
        String id = backup.get("id").asText();
        Path file = Path.of(backup.get("path").asText());
        assertTrue(file.getFileName().toString().endsWith(encoding.equals("age") ? ".age" : ".zst"), file.toString());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        String before = Content.digest(other);

        List<String> keys = encoding.equals("age") ? List.of("--identity", identity.toString()) : List.of();
        CliRunner.Outcome o = lifeboat.run(args(List.of("verify", "e"), keys));

        assertEquals(1, o.exit(), o.out() + o.err());
        CliRunner.assertOneErrorLine(o.err());
        assertTrue(o.out().startsWith(id + ": FAILED"), o.out() + o.err());
        assertTrue(line(o.out(), id).startsWith(id + ": FAILED — ") && line(o.out(), id).contains("damaged"), o.out());
        lifeboat.run(args(List.of("restore", "e", id, "--yes"), keys)).failsWith(1, "failed verification");
        assertEquals(before, Content.digest(other));
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
