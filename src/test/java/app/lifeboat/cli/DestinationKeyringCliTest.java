package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.GnomeKeyring;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code destination add/set --password-keyring} and friends: the secret comes from stdin or a
 * hidden prompt, never the command line; a real gnome-keyring keeps it for a second process; without
 * a desktop session the error names the file or the environment; and settings written before the
 * keyring existed still load.
 */
class DestinationKeyringCliTest {
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    @Test
    void settingsWrittenBeforeTheKeyringLoadAndKeepEveryField() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String fixture = Files.readString(Path.of("src/test/resources/homes/destinations-21efa07/settings.json"));
        Files.writeString(home.resolve("settings.json"), fixture.replace("/tmp/keyringfmt", dir.toString()));
        Files.createDirectories(dir.resolve("usb"));
        CliRunner lifeboat = new CliRunner(home);
        JsonNode all = new ObjectMapper().readTree(lifeboat.ok("destination", "list", "--json").out());
        assertEquals(3, all.size());
        JsonNode nas = all.get(2);
        assertEquals("NAS_PASSWORD", nas.get("passwordEnv").asText());
        assertEquals(dir.resolve("pw").toString(), nas.get("passwordFile").asText());
        assertFalse(nas.has("keyring"), nas.toString());
        assertEquals("http://127.0.0.1:9000", all.get(1).get("endpoint").asText());

        lifeboat.ok("destination", "set", "nas", "--password-env", "OTHER");
        String after = Files.readString(home.resolve("settings.json"));
        assertTrue(after.contains("\"passwordEnv\" : \"OTHER\"") && after.contains("\"hostKey\" : \"SHA256:")
                && after.contains("\"credentialsFile\"") && !after.contains("keyring"), after);
    }

    @Test
    void withoutADesktopSessionStoringASecretFailsWithTheRemedyAndRegistersNothing() {
        Assumptions.assumeTrue(System.getenv(GnomeKeyring.BUS_VARIABLE) == null,
                "this JVM runs in a desktop session, so its keyring may well be there");
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            CliRunner.Outcome o = lifeboat.run("destination", "add", "nas", "sftp://backup@127.0.0.1:2222/data",
                    "--password-keyring").failsWith(1, "cannot keep the secret for nas in the system keyring");
            assertTrue(o.err().contains("no desktop session") && o.err().contains("0600 file or an environment variable"),
                    o.err());
            assertFalse(o.err().contains(PASSWORD));
        } finally {
            System.setIn(stdin);
        }
        assertTrue(lifeboat.ok("destination", "list").out().contains("no destinations yet"));
    }

    @Test
    void storingAndForgettingAtOnceIsAUsageError() {
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.run("destination", "add", "nas", "sftp://backup@127.0.0.1:2222/data", "--password-keyring", "--no-keyring")
                .failsWith(2, "--no-keyring cannot be combined");
    }

    @Test
    void aSecondProcessReadsThePasswordFromTheKeyringAndWithoutASessionTheFileStandsIn() throws Exception {
        try (GnomeKeyring session = GnomeKeyring.start(Files.createDirectories(dir.resolve("keyring")));
                SftpTestServer server = new SftpTestServer(Files.createDirectories(dir.resolve("root/data")).getParent())) {
            server.setPassword(PASSWORD);
            Path home = dir.resolve("home");
            String url = "sftp://backup@127.0.0.1:" + server.port() + "/data";
            Run added = run(home, session.address(), PASSWORD + "\n", "destination", "add", "nas", url, "--password-keyring",
                    "--accept-host-key", SshKeys.fingerprint(server.hostKey()));
            assertEquals(0, added.exit(), added.toString());
            assertTrue(added.out().contains("secrets in the system keyring (service lifeboat): nas/password"), added.out());
            assertFalse(Files.readString(home.resolve("settings.json")).contains(PASSWORD));

            Run tested = run(home, session.address(), "", "destination", "test", "nas");
            assertEquals(0, tested.exit(), tested.toString());
            assertTrue(tested.out().contains("destination nas works"), tested.out());

            Run noSession = run(home, null, "", "destination", "test", "nas");
            assertEquals(1, noSession.exit(), noSession.toString());
            assertTrue(noSession.err().contains("kept in the system keyring, which is not available here"), noSession.err());

            Path file = Files.writeString(dir.resolve("nas-password"), PASSWORD + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertEquals(0, run(home, null, "", "destination", "set", "nas", "--password-file", file.toString()).exit());
            Run fallback = run(home, null, "", "destination", "test", "nas");
            assertEquals(0, fallback.exit(), fallback.toString());
            String log = Files.readString(home.resolve("logs/lifeboat.log"));
            assertEquals(1, log.lines().filter(l -> l.contains("the system keyring is not available")
                    && l.contains("comes from the file " + file)).count(), log);
        }
    }

    /** A finished second process. */
    private record Run(int exit, String out, String err) {}

    /** The CLI in a second JVM with {@code bus} as its session (null: none), {@code stdin} piped in. */
    private Run run(Path home, String bus, String stdin, String... args) throws Exception {
        // Without the test classes, so the CLI logs into its home as installed (no logback-test.xml).
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath, "app.lifeboat.Main", "--home", home.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().remove(GnomeKeyring.BUS_VARIABLE);
        if (bus != null) {
            b.environment().put(GnomeKeyring.BUS_VARIABLE, bus);
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
