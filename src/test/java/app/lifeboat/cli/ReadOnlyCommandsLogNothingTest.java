package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that only reads never sets up logging (about a sixth of its start-up), in a JVM of its
 * own as a user runs it; one that changes something, or fails, still does.
 */
class ReadOnlyCommandsLogNothingTest {
    private static final String LOGGING_SET_UP = "Initializing 'ch/qos/logback/classic/LoggerContext'";

    @TempDir
    Path dir;

    /** The JVM's class initialisation log of one command run in a new JVM; asserts its exit code. */
    private String classInitLog(int expectedExit, String... args) throws Exception {
        Path log = dir.resolve("init-" + args[2] + ".log");
        List<String> cmd = new ArrayList<>(LifeboatProcess.javaWithTestClassPath("app.lifeboat.Main", args));
        cmd.add(1, "-Xlog:class+init=info:file=" + log);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + args[2] + ".txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lifeboat " + String.join(" ", args) + " did not finish");
        assertEquals(expectedExit, p.exitValue(), Files.readString(dir.resolve("out-" + args[2] + ".txt")));
        return Files.readString(log);
    }

    @Test
    void statusListAndDatabasesDoNotSetUpLoggingABackupAndAFailureDo() throws Exception {
        Path home = dir.resolve("home");
        CliRunner cli = new CliRunner(home);
        Path backups = Files.createDirectories(dir.resolve("backups"));
        cli.ok("add", TestDatabases.create(dir.resolve("app.db"), 200).toString(), "--dest", backups.toString());
        cli.ok("backup", "app");
        String h = home.toString();

        assertFalse(classInitLog(0, "--home", h, "status").contains(LOGGING_SET_UP), "status set up logging");
        assertFalse(classInitLog(0, "--home", h, "list", "app").contains(LOGGING_SET_UP), "list set up logging");
        assertFalse(classInitLog(0, "--home", h, "databases").contains(LOGGING_SET_UP), "databases set up logging");

        assertTrue(classInitLog(0, "--home", h, "backup", "app", "--force").contains(LOGGING_SET_UP),
                "a backup logs what it did");
        assertTrue(classInitLog(1, "--home", h, "stats", "no-such-database").contains(LOGGING_SET_UP),
                "a read-only command that fails logs the failure");
    }
}
