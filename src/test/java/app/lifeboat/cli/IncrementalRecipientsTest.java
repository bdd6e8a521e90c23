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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing the age recipients of a database with an encrypted incremental store: versions written
 * after the change go to a store of the new recipients' own, so they restore with the new identity
 * alone, while the earlier versions stay in the first store with theirs.
 */
class IncrementalRecipientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        Files.createDirectories(dir.resolve("usb"));
        lifeboat.ok("destination", "add", "usb", dir.resolve("usb").toString());
        db = TestDatabases.create(dir.resolve("app.db"), 20_000);
    }

    private String keygen(String file) {
        return lifeboat.ok("keygen", dir.resolve(file).toString()).out().lines()
                .filter(l -> l.contains("age1")).findFirst().orElseThrow().replaceAll(".*(age1[0-9a-z]+).*", "$1");
    }

    private List<String> ids() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(lifeboat.ok("list", "app", "--json").out())) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private Path restored(String id, String name, String identity) {
        Path out = dir.resolve(name);
        lifeboat.ok("restore", "app", id, "--to", out.toString(), "--yes", "--identity", dir.resolve(identity).toString());
        return out;
    }

    @Test
    void newRecipientsGetAStoreOfTheirOwnThatTheirIdentityAloneRestores() throws Exception {
        String first = keygen("first.txt");
        String second = keygen("second.txt");
        Files.createDirectories(dir.resolve("dest"));
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", dir.resolve("dest").toString(), "--storage", "incremental",
                "--encrypt-to", first);
        lifeboat.ok("backup", "app");
        assertTrue(lifeboat.ok("set", "app", "--encrypt-to", second).out().contains("store of their own"));
        IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'for the second' WHERE id = 3");
        lifeboat.ok("backup", "app");

        Path backups = dir.resolve("dest/app");
        List<String> ids = ids();
        JsonNode sidecar = JSON.readTree(Files.readString(backups.resolve(ids.get(0) + ".json")));
        String store = sidecar.get("store").asText();
        assertTrue(store.matches("incremental-age-[0-9a-f]{16}"), store);
        assertEquals(4, sidecar.get("formatVersion").asInt(), "earlier versions refuse it as newer instead of as tampered with");
        try (Stream<Path> keys = Files.list(backups.resolve(store).resolve("keys"))) {
            assertEquals(1, keys.filter(p -> p.getFileName().toString().startsWith("hash-")).count(), "a key of its own");
        }

        // The point of it: pages sealed for the first recipient are not reused, so the second identity is enough.
        Path newer = restored(ids.get(0), "newer.db", "second.txt");
        assertEquals(1, TestDatabases.count(newer, "SELECT count(*) FROM notes WHERE body = 'for the second'"));
        lifeboat.run("restore", "app", ids.get(1), "--to", dir.resolve("older.db").toString(), "--yes", "--identity",
                dir.resolve("second.txt").toString()).failsWith(1, "identity");
        restored(ids.get(1), "older.db", "first.txt");

        lifeboat.ok("set", "app", "--encrypt-to", first);
        lifeboat.ok("backup", "app");
        ids = ids();
        assertFalse(JSON.readTree(Files.readString(backups.resolve(ids.get(0) + ".json"))).has("store"),
                "the first recipient's versions go back to the first store");
        assertTrue(lifeboat.ok("verify", "app", "--store").out().contains("incremental store of app: 3 versions"));
        String stats = lifeboat.ok("stats", "app").out();
        assertTrue(stats.contains(ids.get(1)), "the second store's version has its sizes too:\n" + stats);

        lifeboat.ok("set", "app", "--copy-to", "usb");
        lifeboat.ok("copy", "app", ids.get(1), "--to", "usb");
        assertTrue(Files.isDirectory(dir.resolve("usb/app").resolve(store)), "the copy keeps the store's folder");
        Path there = dir.resolve("there.db");
        lifeboat.ok("restore", "app", ids.get(1), "--from", "usb", "--to", there.toString(), "--yes", "--identity",
                dir.resolve("second.txt").toString());
        assertEquals(1, TestDatabases.count(there, "SELECT count(*) FROM notes WHERE body = 'for the second'"));

        lifeboat.ok("delete", "app", ids.get(1));
        try (Stream<Path> versions = Files.list(backups.resolve(store).resolve("versions"))) {
            assertEquals(0, versions.count(), "its version went with it");
        }
    }
}
