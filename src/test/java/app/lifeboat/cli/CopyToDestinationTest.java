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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies to a second destination through the CLI, with a folder as the destination (a second
 * disk): copied after each verified backup with their own retention, queued when the destination
 * is away and sent when it is back, listed, verified and restored from there, also on a new home.
 */
class CopyToDestinationTest {
    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path usb;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        usb = Files.createDirectories(dir.resolve("usb"));
        lifeboat.ok("destination", "add", "usb", usb.toString());
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 300).toString(), "--name", "app", "--storage", "full");
    }

    private List<String> ids(String... listArgs) throws Exception {
        List<String> all = new ArrayList<>(List.of("list", "app", "--json"));
        all.addAll(List.of(listArgs));
        List<String> ids = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(lifeboat.ok(all.toArray(String[]::new)).out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private long filesAt(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void aDestinationIsListedAndTestedStepByStep() {
        assertTrue(lifeboat.ok("destination", "list").out().contains("usb"));
        String test = lifeboat.ok("destination", "test", "usb").out();
        for (String step : List.of("list", "write", "read back", "delete", "clock", "free space")) {
            assertTrue(test.contains(step), test);
        }
        assertTrue(test.contains("destination usb works"), test);
        lifeboat.run("destination", "add", "usb", usb.toString()).failsWith(1, "already registered");
        lifeboat.run("destination", "add", "gone", dir.resolve("nope").toString()).failsWith(1, "does not exist");
    }

    @Test
    void eachBackupIsCopiedAndTheCopyDestinationKeepsItsOwnRules() throws Exception {
        lifeboat.ok("set", "app", "--copy-to", "usb", "--copy-keep-last", "2");
        for (int i = 0; i < 3; i++) {
            String out = lifeboat.ok("backup", "app", "--force").out();
            assertTrue(out.contains("to usb"), out);
        }
        assertEquals(3, ids().size(), "the database's own destination keeps its rules");
        List<String> there = ids("--at", "usb");
        assertEquals(ids().subList(0, 2), there, "the newest 2 are kept at usb");
        assertEquals(4, filesAt(usb.resolve("app")), "two stored files and two sidecars, nothing else");
        String verify = lifeboat.ok("verify", "app", "--all", "--at", "usb").out();
        assertTrue(verify.contains(there.get(0) + ": ok") && verify.contains(there.get(1) + ": ok"), verify);
    }

    @Test
    void aQuickCheckComparesSizesWithoutDownloadingAndFindsATruncatedCopy() throws Exception {
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        String id = ids("--at", "usb").get(0);
        assertTrue(lifeboat.ok("verify", "app", "--at", "usb", "--quick").out().contains(id + ": ok"));
        Path stored;
        try (Stream<Path> s = Files.list(usb.resolve("app"))) {
            stored = s.filter(p -> !p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.write(stored, Arrays.copyOf(Files.readAllBytes(stored), 100));
        CliRunner.Outcome o = lifeboat.run("verify", "app", "--at", "usb", "--quick").failsWith(1, "quick check");
        assertTrue(o.out().contains(id + ": FAILED") && o.out().contains("100 bytes"), o.out());
    }

    @Test
    void anExistingBackupIsCopiedToADestinationAddedLater() throws Exception {
        lifeboat.ok("backup", "app");
        lifeboat.ok("backup", "app", "--force");
        String older = ids().get(1);
        assertTrue(lifeboat.ok("copy", "app", "--to", "usb").out().contains("copied " + ids().get(0) + " to usb"));
        assertTrue(lifeboat.ok("copy", "app", older, "--to", "usb").out().contains("copied " + older + " to usb"));
        assertTrue(lifeboat.ok("copy", "app", older, "--to", "usb").out().contains(older + " is already at usb"));
        assertEquals(ids(), ids("--at", "usb"));
        assertTrue(lifeboat.ok("copy", "app", older).out().contains("copies to no destination"));
    }

    @Test
    void aStoredFileThatNoLongerHasItsRecordedSizeIsNotCopied() throws Exception {
        lifeboat.ok("backup", "app");
        JsonNode backup = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).get(0);
        Path stored = Path.of(backup.get("path").asText());
        Files.write(stored, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        lifeboat.run("copy", "app", "--to", "usb").failsWith(1, "instead of the " + (Files.size(stored) - 3));
        assertFalse(Files.exists(usb.resolve("app")) && filesAt(usb.resolve("app")) > 0, "nothing was sent");
    }

    @Test
    void aNewComputerRestoresFromTheCopiesAlone() throws Exception {
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        CliRunner fresh = new CliRunner(dir.resolve("new-laptop"));
        fresh.ok("destination", "add", "usb", usb.toString());
        assertEquals(1, new ObjectMapper().readTree(fresh.ok("list", "app", "--at", "usb", "--json").out()).size());
        fresh.run("restore", "app", "--from", "usb", "--latest", "--yes").failsWith(2, "--to");
        Path restored = dir.resolve("restored.db");
        fresh.ok("restore", "app", "--from", "usb", "--latest", "--to", restored.toString(), "--yes");
        assertEquals(300, TestDatabases.count(restored, "select count(*) from notes"));
    }

    @Test
    void aCopyThatCannotBeMadeIsQueuedReportedAndSentWhenTheDestinationIsBack() throws Exception {
        lifeboat.ok("set", "app", "--copy-to", "usb");
        Path away = dir.resolve("usb-unplugged");
        Files.move(usb, away);
        CliRunner.Outcome backup = lifeboat.ok("backup", "app");
        assertTrue(backup.err().contains("will be retried"), backup.err());
        String id = ids().get(0);
        CliRunner.Outcome status = lifeboat.run("status");
        assertEquals(1, status.exit());
        assertTrue(status.out().contains("offsite-copy-pending"), status.out());

        Files.move(away, usb);
        String copy = lifeboat.ok("copy", "app").out();
        assertTrue(copy.contains("copied " + id + " to usb"), copy);
        assertTrue(Files.exists(usb.resolve("app").resolve(id + ".json")));
        assertFalse(lifeboat.run("status").out().contains("offsite-copy"), "nothing waits any more");
        assertTrue(lifeboat.ok("copy", "app").out().contains("no copies of app are waiting"));
    }

    @Test
    void aDestinationInUseCannotBeRemovedAndStoppingKeepsTheCopies() throws Exception {
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        lifeboat.run("destination", "remove", "usb").failsWith(2, "still receives copies of app");
        lifeboat.ok("set", "app", "--no-copy-to", "usb");
        lifeboat.ok("destination", "remove", "usb");
        assertEquals(2, filesAt(usb.resolve("app")), "what was copied stays");
        assertFalse(Files.readString(dir.resolve("home/settings.json")).contains("\"usb\""));
    }

    @Test
    void copyRulesNeedADestination() {
        lifeboat.run("set", "app", "--copy-keep-last", "2").failsWith(2, "--copy-to");
        lifeboat.run("set", "app", "--copy-to", "nosuch").failsWith(1, "no destination named 'nosuch'");
    }
}
