package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home written by the release before destinations and copies existed (commit 07ab84c, its
 * files kept verbatim under test resources, only the absolute paths moved to the test's folder)
 * is read, backed up and restored by this version, and gains the new settings without losing its own.
 */
class OldHomeTest {
    static final Path FIXTURE = Path.of("src/test/resources/homes/v0.1-07ab84c");

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        Path source = dir.resolve("src");
        copyTree(FIXTURE.resolve("home"), home);
        copyTree(FIXTURE.resolve("source"), source);
        Path settings = home.resolve("settings.json");
        Files.writeString(settings, Files.readString(settings).replace("/tmp/oldhome", home.toString())
                .replace("/tmp/oldsrc", source.toString()));
        lifeboat = new CliRunner(home);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void theOldBackupIsListedVerifiedAndRestored() throws Exception {
        assertTrue(lifeboat.ok("list", "app").out().contains("20261129T030322Z-8f24"));
        assertTrue(lifeboat.ok("verify", "app", "20261129T030322Z-8f24").out().contains("ok"));
        Path to = dir.resolve("restored.db");
        lifeboat.ok("restore", "app", "20261129T030322Z-8f24", "--to", to.toString(), "--yes");
        assertEquals(3, TestDatabases.count(to, "select count(*) from t"));
    }

    @Test
    void newSettingsAreAddedBesideTheOldOnes() throws Exception {
        Files.createDirectories(dir.resolve("usb"));
        lifeboat.ok("destination", "add", "usb", dir.resolve("usb").toString());
        lifeboat.ok("set", "app", "--copy-to", "usb");
        String out = lifeboat.ok("databases").out();
        assertTrue(out.contains("max-count 5") && out.contains("3 daily") && out.contains("copies to: usb"), out);
        assertTrue(lifeboat.ok("backup", "app").out().contains("copied"));
    }
}
