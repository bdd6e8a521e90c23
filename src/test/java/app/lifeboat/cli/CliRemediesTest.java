package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine names remedy kinds; the CLI, and only the CLI, turns them into flags and commands. */
class CliRemediesTest {
    @TempDir
    Path dir;

    @Test
    void everyRemedyRendersAsOneFilledInSentence() {
        for (Remedy r : Remedy.values()) {
            String line = CliRemedies.render(new LifeboatException(ErrorCode.IO_ERROR, "something failed", r, "app", "42"));
            assertFalse(line.contains("{") || line.contains("}"), r + ": " + line);
            assertTrue(r == Remedy.NONE || line.startsWith("something failed — "), r + ": " + line);
        }
    }

    @Test
    void aRemedyRaisedWithoutItsArgumentsFallsBackToThePlainSentence() {
        String line = CliRemedies.render(new LifeboatException(ErrorCode.VERIFICATION_FAILED, "pack x is damaged",
                Remedy.CHOOSE_ANOTHER_BACKUP));
        assertEquals("pack x is damaged — choose another backup", line);
    }

    @Test
    void aDuplicateNameIsAnsweredWithTheFlagThatFixesIt() throws Exception {
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("a.db"), 5).toString(), "--name", "app");
        lifeboat.run("add", TestDatabases.create(dir.resolve("b.db"), 5).toString(), "--name", "app")
                .failsWith(1, "choose another name with --name");
    }

    @Test
    void anUnknownDatabaseIsAnsweredWithTheCommandThatListsThem() {
        new CliRunner(dir.resolve("home")).run("backup", "nosuch").failsWith(1, "'lifeboat databases'");
    }
}
