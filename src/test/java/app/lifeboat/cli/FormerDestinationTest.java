package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a database to another destination does not hide its earlier backups: they stay listed,
 * verifiable and restorable from the old folder, are never pruned there, and are forgotten only
 * once the last of them is deleted.
 */
class FormerDestinationTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path oldDest;
    Path newDest;
    List<String> oldIds;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        oldDest = Files.createDirectories(dir.resolve("old"));
        newDest = Files.createDirectories(dir.resolve("new"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 200).toString(), "--name", "app",
                "--dest", oldDest.toString(), "--storage", "full");
        lifeboat.ok("backup", "app");
        lifeboat.ok("backup", "app", "--force");
        oldIds = ids();
        lifeboat.ok("set", "app", "--dest", newDest.toString());
    }

    private List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private String settings() throws Exception {
        return Files.readString(dir.resolve("home/settings.json"));
    }

    @Test
    void theOldBackupsStayListedWithWhereTheyLive() throws Exception {
        assertEquals(oldIds, ids());
        String text = lifeboat.ok("list", "app").out();
        assertTrue(text.contains("at the former destination " + oldDest.resolve("app")), text);
        JsonNode first = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).get(0);
        assertEquals(oldDest.resolve("app").resolve(first.get("file").asText()).toString(), first.get("path").asText());
        String status = lifeboat.run("status").out();
        assertFalse(status.contains("no good backup"), status);
    }

    @Test
    void newBackupsGoToTheNewDestinationAndTheOldOnesAreListedBeside() throws Exception {
        lifeboat.ok("backup", "app", "--force");
        List<String> ids = ids();
        assertEquals(3, ids.size());
        assertEquals(oldIds, ids.subList(1, 3));
        assertTrue(Files.exists(newDest.resolve("app").resolve(ids.get(0) + ".json")));
    }

    @Test
    void anOldBackupVerifiesAndRestores() throws Exception {
        lifeboat.ok("verify", "app", oldIds.get(1));
        Path to = dir.resolve("restored.db");
        lifeboat.ok("restore", "app", oldIds.get(1), "--to", to.toString(), "--yes");
        assertEquals(200, TestDatabases.count(to, "select count(*) from notes"));
        assertTrue(lifeboat.ok("verify", "app", "--all").out().contains(oldIds.get(0)));
    }

    @Test
    void retentionAtTheNewDestinationNeverDeletesTheOldBackups() throws Exception {
        lifeboat.ok("set", "app", "--max-count", "1");
        lifeboat.ok("backup", "app", "--force");
        lifeboat.ok("backup", "app", "--force");
        lifeboat.ok("prune", "app");
        for (String id : oldIds) {
            assertTrue(Files.exists(oldDest.resolve("app").resolve(id + ".json")), id);
        }
    }

    @Test
    void deletingTheLastOldBackupForgetsTheOldDestination() throws Exception {
        assertTrue(settings().contains("formerDestinations"), settings());
        lifeboat.ok("delete", "app", oldIds.get(0));
        assertTrue(settings().contains("formerDestinations"), "one backup is still there");
        lifeboat.ok("delete", "app", oldIds.get(1));
        assertFalse(settings().contains("formerDestinations"), settings());
        assertEquals(List.of(), ids());
    }

    @Test
    void movingBackMakesTheOldFolderTheDestinationAgain() throws Exception {
        lifeboat.ok("backup", "app", "--force");
        lifeboat.ok("set", "app", "--dest", oldDest.toString());
        assertEquals(3, ids().size(), "the backup at the second folder is now the former one");
        String s = settings();
        assertTrue(s.contains("\"formerDestinations\" : [ \"" + newDest + "\" ]") || s.contains(newDest.toString()), s);
        assertEquals(1, s.split(oldDest.toString(), -1).length - 1, "the old folder is the destination, not a former one");
    }

    @Test
    void anUnpluggedFormerDestinationIsSaidNotHidden() throws Exception {
        Files.move(oldDest, dir.resolve("unplugged"));
        CliRunner.Outcome o = lifeboat.ok("list", "app");
        assertTrue(o.err().contains(oldDest.resolve("app") + " is not available"), o.err());
    }
}
