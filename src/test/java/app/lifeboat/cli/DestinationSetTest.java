package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code destination set}: changes what is given, keeps the rest, and never the name or the kind. */
class DestinationSetTest {
    private static final String KEY = "SHA256:" + "A".repeat(43);

    @TempDir
    Path dir;

    CliRunner lifeboat;

    @BeforeEach
    void setUp() {
        lifeboat = new CliRunner(dir.resolve("home"));
    }

    private JsonNode destination(String name) throws Exception {
        for (JsonNode n : new ObjectMapper().readTree(lifeboat.ok("destination", "list", "--json").out())) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no destination " + name);
    }

    @Test
    void s3SettingsChangeOneByOneAndAnEmptyValueRemovesOne() throws Exception {
        lifeboat.ok("destination", "add", "off", "s3://bucket/lifeboat", "--endpoint", "http://127.0.0.1:9000", "--path-style",
                "--region", "us-east-1");
        String out = lifeboat.ok("destination", "set", "off", "--region", "eu-central-1", "--no-path-style", "--endpoint", "")
                .out();
        assertTrue(out.contains("changed destination off"), out);
        JsonNode d = destination("off");
        assertEquals("eu-central-1", d.get("region").asText());
        assertFalse(d.has("endpoint"), d.toString());
        assertFalse(d.has("pathStyle"), d.toString());
        assertEquals("s3://bucket/lifeboat", d.get("url").asText(), "what is not given stays");

        Path creds = Files.writeString(dir.resolve("creds"), "[default]\n");
        lifeboat.ok("destination", "set", "off", "--credentials-file", creds.toString(), "--url", "s3://other/prefix");
        d = destination("off");
        assertEquals(creds.toAbsolutePath().toString(), d.get("credentialsFile").asText());
        assertEquals("s3://other/prefix", d.get("url").asText());
        assertEquals("eu-central-1", d.get("region").asText());
    }

    @Test
    void theKindStaysAndEachKindTakesOnlyItsOwnOptions() throws Exception {
        lifeboat.ok("destination", "add", "off", "s3://bucket/lifeboat");
        lifeboat.run("destination", "set", "off", "--identity-file", dir.resolve("key").toString())
                .failsWith(2, "takes no SFTP options");
        lifeboat.run("destination", "set", "off", "--url", dir.toString()).failsWith(2, "stays one");
        lifeboat.run("destination", "set", "nosuch", "--region", "x").failsWith(1, "no destination named 'nosuch'");
        assertEquals("s3://bucket/lifeboat", destination("off").get("url").asText(), "a refused change changes nothing");
    }

    @Test
    void anAcceptedHostKeyStaysWithItsServerOnly() throws Exception {
        lifeboat.ok("destination", "add", "nas", "sftp://me@nas.local/backups", "--accept-host-key", KEY);
        lifeboat.ok("destination", "set", "nas", "--url", "sftp://me@nas.local/elsewhere");
        assertEquals(KEY, destination("nas").get("hostKey").asText(), "the same server: its key is still the one checked");
        lifeboat.ok("destination", "set", "nas", "--url", "sftp://me@vps.example:2222/backups");
        assertFalse(destination("nas").has("hostKey"), "another server must show its own key");
    }

    @Test
    void aFolderMovesOnlyToAFolderThatExists() throws Exception {
        Path usb = Files.createDirectories(dir.resolve("usb"));
        Path disk = Files.createDirectories(dir.resolve("disk"));
        lifeboat.ok("destination", "add", "usb", usb.toString());
        lifeboat.run("destination", "set", "usb", "--url", dir.resolve("nope").toString()).failsWith(1, "does not exist");
        lifeboat.ok("destination", "set", "usb", "--url", disk.toString());
        assertEquals(disk.toString(), destination("usb").get("url").asText());
    }
}
