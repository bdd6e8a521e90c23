package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stores written by the first release of the format (version 1, commit 21efa07; a plain one and an
 * age-encrypted one, each with two versions and the writer's local cache) stay readable: every
 * version restores byte for byte, a new write upgrades the config to this format, and the old
 * versions still restore afterwards, through the engine and through tools/restore-incremental.py.
 */
class StoreFormatV1Test {
    private static final Path FIXTURE = Path.of("src", "test", "resources", "stores", "v1-21efa07");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"plain", "age"})
    void aVersionOneStoreIsReadAndUpgradedByItsNextWrite(String kind) throws Exception {
        copyTree(FIXTURE.resolve(kind), dir);
        Path idFile = FIXTURE.resolve("identity.txt");
        StoreAccess access = kind.equals("plain") ? StoreAccess.plain()
                : StoreAccess.encrypted(AgeKeys.writers(List.of(recipientOf(idFile)), null), recipientOf(idFile));
        StoreFixture f = new StoreFixture(dir);
        assertTrue(Files.readString(dir.resolve("store").resolve("config")).contains("\"formatVersion\" : 1"));
        IncrementalStore reader = f.open(kind.equals("plain") ? access
                : access.withIdentities(AgeKeys.readIdentityFile(idFile, () -> null)));
        List<Path> expected;
        try (Stream<Path> s = Files.list(dir.resolve("expected"))) {
            expected = s.sorted().toList();
        }
        assertEquals(2, expected.size());
        for (Path e : expected) {
            f.assertRestores(reader, id(e), e, true);
        }
        assertTrue(reader.verifyStore(1.0, ProgressListener.NONE, Cancellation.none()).ok());

        Path db = TestDatabases.create(dir.resolve("more.db"), 30_000);
        Path snap = f.snapshot(db);
        String added = f.open(access).write(snap, 0, "more", ProgressListener.NONE, Cancellation.none()).version().id();
        assertTrue(Files.readString(dir.resolve("store").resolve("config")).contains("\"formatVersion\" : " + Format.VERSION));
        for (Path e : expected) {
            f.assertRestores(reader, id(e), e, true);
        }
        f.assertRestores(reader, added, snap, true);

        Tools.require("python3");
        Path out = dir.resolve("py.db");
        String identity = kind.equals("plain") ? "" : " --identity " + idFile.toAbsolutePath();
        Tools.sh(dir, RestoreScriptTest.python() + " " + RestoreScriptTest.SCRIPT + " " + dir.resolve("store") + " "
                + id(expected.get(0)) + " " + out + identity);
        assertArrayEquals(Files.readAllBytes(expected.get(0)), Files.readAllBytes(out));
    }

    private static String id(Path expected) {
        return expected.getFileName().toString().replace(".db", "");
    }

    private static String recipientOf(Path idFile) throws Exception {
        return Files.readString(idFile.resolveSibling("recipient.txt")).trim();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
