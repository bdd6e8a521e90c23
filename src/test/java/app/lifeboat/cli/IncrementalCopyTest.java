package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies of incremental backups: each version goes to the copy destination's own store with only
 * the frames that store lacks, keeps that destination's rules (its prune frees what they drop),
 * lists, verifies and restores from there (also on a new home with the identity), and never
 * spreads a damaged pack or mixes two stores.
 */
class IncrementalCopyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;
    Path usb;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        usb = Files.createDirectories(dir.resolve("usb"));
        lifeboat.ok("destination", "add", "usb", usb.toString());
        db = TestDatabases.create(dir.resolve("app.db"), 20_000);
    }

    private void add(String... more) throws IOException {
        Files.createDirectories(dir.resolve("dest"));
        List<String> args = new ArrayList<>(List.of("add", db.toString(), "--name", "app", "--dest",
                dir.resolve("dest").toString(), "--storage", "incremental"));
        args.addAll(List.of(more));
        lifeboat.ok(args.toArray(String[]::new));
    }

    private List<String> ids(CliRunner home, String... listArgs) throws Exception {
        List<String> all = new ArrayList<>(List.of("list", "app", "--json"));
        all.addAll(List.of(listArgs));
        List<String> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(home.ok(all.toArray(String[]::new)).out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private static long bytesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void eachVersionSendsOnlyWhatTheCopyLacksAndTheCopyKeepsItsOwnRules() throws Exception {
        add();
        lifeboat.ok("set", "app", "--copy-to", "usb", "--copy-keep-last", "2");
        assertTrue(lifeboat.ok("backup", "app").out().contains("to usb"));
        long first = bytesUnder(usb);
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'day two' WHERE id % 5000 = 0");
        lifeboat.ok("backup", "app");
        long second = bytesUnder(usb) - first;
        assertTrue(second * 5 < first, "a small change sends little: " + second + " of " + first);
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'day three' WHERE id % 700 = 0");
        lifeboat.ok("backup", "app");

        List<String> here = ids(lifeboat);
        assertEquals(3, here.size());
        assertEquals(here.subList(0, 2), ids(lifeboat, "--at", "usb"), "the newest two are kept at usb");
        assertEquals(2, count(usb.resolve("app/incremental/versions")), "the dropped version left the copy's store");
        String verify = lifeboat.ok("verify", "app", "--all", "--at", "usb").out();
        assertEquals(2, verify.lines().filter(l -> l.contains("all checks passed")).count(), verify);
        Path out = dir.resolve("out.db");
        lifeboat.ok("restore", "app", here.get(1), "--from", "usb", "--to", out.toString(), "--yes");
        assertEquals(4, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'day two'"));
        assertEquals(0, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'day three'"));
        assertTrue(lifeboat.ok("verify", "app", "--at", "usb", "--quick").out().contains(here.get(0) + ": ok"));
    }

    @Test
    void anEncryptedStoreIsCopiedWithoutTheIdentityAndANewHomeRestoresWithIt() throws Exception {
        Path identity = dir.resolve("id.txt");
        String recipient = lifeboat.ok("keygen", identity.toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
        add("--encrypt-to", recipient);
        lifeboat.ok("backup", "app");
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'later' WHERE id = 9");
        lifeboat.ok("backup", "app");
        lifeboat.ok("set", "app", "--copy-to", "usb");
        String older = ids(lifeboat).get(1);
        assertTrue(lifeboat.ok("copy", "app", older, "--to", "usb").out().contains("copied " + older + " to usb"));
        assertTrue(lifeboat.ok("copy", "app", older, "--to", "usb").out().contains(older + " is already at usb"));
        lifeboat.ok("copy", "app", "--to", "usb");
        assertEquals(ids(lifeboat), ids(lifeboat, "--at", "usb"));

        CliRunner fresh = new CliRunner(dir.resolve("new-laptop"));
        fresh.ok("destination", "add", "usb", usb.toString());
        Path restored = dir.resolve("restored.db");
        fresh.run("restore", "app", "--from", "usb", "--latest", "--to", restored.toString(), "--yes").failsWith(1, "identity");
        fresh.ok("restore", "app", "--from", "usb", "--latest", "--to", restored.toString(), "--yes", "--identity",
                identity.toString());
        assertEquals(1, TestDatabases.count(restored, "SELECT count(*) FROM notes WHERE body = 'later'"));
        assertEquals(20_000, TestDatabases.count(restored, "SELECT count(*) FROM notes"));
    }

    @Test
    void aDamagedPackIsNotSpreadToTheCopies() throws Exception {
        add();
        lifeboat.ok("backup", "app");
        Path pack;
        try (Stream<Path> s = Files.list(dir.resolve("dest/app/incremental/data"))) {
            pack = s.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        byte[] b = Files.readAllBytes(pack);
        b[b.length / 2] ^= 1;
        Files.write(pack, b);
        lifeboat.run("copy", "app", "--to", "usb").failsWith(1, "damaged");
        assertTrue(ids(lifeboat, "--at", "usb").isEmpty(), "nothing is listed at usb");
        assertFalse(Files.exists(usb.resolve("app/incremental/versions")) && count(usb.resolve("app/incremental/versions")) > 0);
    }

    @Test
    void copiesGoOnAfterThePrimaryStoreIsMadeAnewAndTheEarlierCopiesStayRestorable() throws Exception {
        add();
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        try (Stream<Path> s = Files.walk(dir.resolve("dest"))) { // the primary disk is lost and replaced
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.createDirectories(dir.resolve("dest"));
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'after the new disk' WHERE id = 5");
        assertFalse(lifeboat.ok("backup", "app").err().contains("retried"), "the copy was made");

        List<String> there = ids(lifeboat, "--at", "usb");
        assertEquals(2, there.size());
        JsonNode newer = JSON.readTree(Files.readString(usb.resolve("app").resolve(there.get(0) + ".json")));
        assertTrue(newer.get("store").asText().matches("incremental-[0-9a-f]{16}"), newer.toString());
        assertEquals(1, count(usb.resolve("app/incremental/versions")), "the earlier copies' store is untouched");
        String verify = lifeboat.ok("verify", "app", "--all", "--at", "usb").out();
        assertEquals(2, verify.lines().filter(l -> l.contains("all checks passed")).count(), verify);
        Path out = dir.resolve("out.db");
        lifeboat.ok("restore", "app", there.get(0), "--from", "usb", "--to", out.toString(), "--yes");
        assertEquals(1, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'after the new disk'"));
        assertTrue(lifeboat.ok("verify", "app", "--store", "--at", "usb").out().contains(": 2 versions"));
    }

    @Test
    void aQuickCheckNamesACopyWhoseStoreIsUnreadableAndGoesOn() throws Exception {
        add();
        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("backup", "app");
        Files.writeString(usb.resolve("app/incremental/config"), "not json");
        CliRunner.Outcome o = lifeboat.run("verify", "app", "--at", "usb", "--quick");
        assertEquals(1, o.exit(), o.err());
        assertTrue(o.out().contains("FAILED") && o.out().contains("cannot be read"), o.out());
    }

    @Test
    void turningEncryptionOnAndOffStartsAStoreOfEachKindAndEveryVersionStaysRestorable() throws Exception {
        Path identity = dir.resolve("id.txt");
        String recipient = lifeboat.ok("keygen", identity.toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
        add();
        lifeboat.ok("backup", "app");
        lifeboat.ok("set", "app", "--encrypt-to", recipient);
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'sealed' WHERE id = 3");
        lifeboat.ok("backup", "app");
        lifeboat.ok("set", "app", "--no-encrypt");
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'plain again' WHERE id = 4");
        lifeboat.ok("backup", "app");

        Path backups = dir.resolve("dest/app");
        List<String> ids = ids(lifeboat);
        JsonNode sealed = JSON.readTree(Files.readString(backups.resolve(ids.get(1) + ".json")));
        assertEquals("incremental-age", sealed.get("store").asText());
        assertEquals(3, sealed.get("formatVersion").asInt(), "earlier versions refuse it instead of looking in the first store");
        assertFalse(JSON.readTree(Files.readString(backups.resolve(ids.get(0) + ".json"))).has("store"), "back in the first store");
        assertEquals(2, count(backups.resolve("incremental/versions")));
        assertEquals(1, count(backups.resolve("incremental-age/versions")));

        String verify = lifeboat.ok("verify", "app", "--all", "--identity", identity.toString()).out();
        assertEquals(3, verify.lines().filter(l -> l.contains("all checks passed")).count(), verify);
        assertTrue(lifeboat.ok("verify", "app", "--store").out().contains("incremental store of app: 3 versions"));
        Path out = dir.resolve("sealed.db");
        lifeboat.run("restore", "app", ids.get(1), "--to", out.toString(), "--yes").failsWith(1, "identity");
        lifeboat.ok("restore", "app", ids.get(1), "--to", out.toString(), "--yes", "--identity", identity.toString());
        assertEquals(1, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'sealed'"));
        assertEquals(0, TestDatabases.count(out, "SELECT count(*) FROM notes WHERE body = 'plain again'"));

        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("copy", "app", ids.get(1), "--to", "usb");
        Path there = dir.resolve("there.db");
        lifeboat.ok("restore", "app", ids.get(1), "--from", "usb", "--to", there.toString(), "--yes", "--identity",
                identity.toString());
        assertEquals(1, TestDatabases.count(there, "SELECT count(*) FROM notes WHERE body = 'sealed'"));

        lifeboat.ok("delete", "app", ids.get(1));
        assertEquals(0, count(backups.resolve("incremental-age/versions")), "its version went with it");
        assertEquals(2, ids(lifeboat).size());
    }
}
