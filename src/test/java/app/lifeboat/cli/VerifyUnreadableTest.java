package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup whose metadata cannot be read is a failed verification, never a silently skipped one. */
class VerifyUnreadableTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    String broken;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 200).toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        lifeboat.ok("backup", "app", "--force");
        JsonNode list = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out());
        broken = list.get(1).get("id").asText();
        Files.writeString(dir.resolve("home/backups/app").resolve(broken + ".json"), "{ not json");
    }

    @Test
    void verifyAllFailsAndNamesTheBackupWhoseMetadataIsUnreadable() {
        CliRunner.Outcome o = lifeboat.run("verify", "app", "--all").failsWith(1, "failed verification");
        assertTrue(o.out().contains(broken + ": FAILED"), o.out());
        assertTrue(o.out().contains("metadata"), o.out());
    }

    @Test
    void verifyOfThatIdSaysItsMetadataIsUnreadable() {
        lifeboat.run("verify", "app", broken).failsWith(1, "metadata");
    }
}
