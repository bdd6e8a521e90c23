package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key or passphrase source that cannot be read is reported when it is set, not when a scheduled backup fails. */
class SettingsThatCannotWorkTest {
    private static final String UNSET = "LIFEBOAT_TEST_VARIABLE_THAT_IS_NEVER_SET";

    @TempDir
    Path dir;

    CliRunner lifeboat;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 20).toString(), "--name", "app");
    }

    @Test
    void setWithAnUnsetPassphraseVariableWarnsAtOnce() {
        CliRunner.Outcome o = lifeboat.run("set", "app", "--encrypt-passphrase-env", UNSET);
        assertEquals(0, o.exit(), "the setting is saved; it may be set before the next run");
        assertTrue(o.err().startsWith("warning: ") && o.err().contains(UNSET), o.err());
        CliRunner.Outcome status = lifeboat.run("status");
        assertTrue(status.out().contains(UNSET), "status keeps saying it: " + status.out());
    }

    @Test
    void setWithAMissingPassphraseFileWarnsAtOnce() throws Exception {
        Path missing = dir.resolve("no-such-passphrase.txt");
        CliRunner.Outcome o = lifeboat.run("set", "app", "--encrypt-passphrase-file", missing.toString());
        assertTrue(o.err().contains("does not exist") && o.err().contains(missing.toString()), o.err());
        Files.writeString(missing, "correct horse");
        assertFalse(lifeboat.run("status").out().contains(missing.toString()), "no warning once the file is there");
    }

    @Test
    void aBackupFolderThatCannotBeReadIsSaidSoNotCalledNeverBackedUp() throws Exception {
        lifeboat.ok("backup", "app");
        Path folder = dir.resolve("home/backups/app");
        // Root reads any folder whatever its mode, so make the folder's path something that cannot be listed.
        Files.move(folder, dir.resolve("moved-away"));
        Files.writeString(folder, "not a folder");
        CliRunner.Outcome status = lifeboat.run("status");
        assertTrue(status.out().contains("cannot be read"), status.out());
        assertFalse(status.out().contains("no good backup yet"), status.out());
    }
}
