package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.FaultProxy;
import app.lifeboat.testing.S3ProxyServer;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole offsite path through the CLI against real servers on 127.0.0.1 (s3proxy, an in-JVM
 * SFTP server): register, test, copy after each backup, list, verify and restore from there on a
 * new home, and a copy queued while the server is away that goes out once it is back.
 */
class OffsiteCopyTest {
    @TempDir
    static Path servers;

    static S3ProxyServer s3;
    static SftpTestServer sftp;

    @TempDir
    Path dir;

    CliRunner lifeboat;
    Path s3Credentials;
    Path sftpKey;
    Path knownHosts;

    @BeforeAll
    static void startServers() throws Exception {
        s3 = S3ProxyServer.start(servers.resolve("s3"));
        s3.client().createBucket(b -> b.bucket("offsite"));
        sftp = new SftpTestServer(Files.createDirectories(servers.resolve("sftp")));
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.close();
        sftp.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 500).toString(), "--name", "app");
        s3Credentials = S3ProxyServer.writeCredentialsFile(dir.resolve("s3.credentials"), S3ProxyServer.CREDENTIAL);
        sftpKey = SshKeys.writePrivate(sftp.clientKey(), dir.resolve("id_ed25519"));
        knownHosts = SshKeys.knownHosts(dir.resolve("known_hosts"), sftp.hostKey(), sftp.port());
    }

    private String[] addS3(CliRunner on, String name, int port, String prefix) {
        return new String[] {"destination", "add", name, "s3://offsite/" + prefix, "--endpoint",
            "http://127.0.0.1:" + port, "--path-style", "--region", "us-east-1", "--credentials-file", s3Credentials.toString()};
    }

    private String[] addSftp(CliRunner on, String name, String folder) throws Exception {
        Files.createDirectories(servers.resolve("sftp").resolve(folder));
        return new String[] {"destination", "add", name, "sftp://backup@127.0.0.1:" + sftp.port() + "/" + folder,
            "--identity-file", sftpKey.toString(), "--known-hosts", knownHosts.toString()};
    }

    private void copyListVerifyAndRestoreOnANewHome(String dest, String[] addOnNewHome) throws Exception {
        assertTrue(lifeboat.ok("destination", "test", dest).out().contains("works"));
        lifeboat.ok("set", "app", "--copy-to", dest);
        String backup = lifeboat.ok("backup", "app").out();
        assertTrue(backup.contains("to " + dest), backup);
        String id = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json", "--at", dest).out()).get(0).get("id")
                .asText();
        assertTrue(lifeboat.ok("verify", "app", "--at", dest).out().contains(id + ": ok"));
        assertTrue(lifeboat.ok("verify", "app", "--at", dest, "--quick").out().contains(id + ": ok"));

        CliRunner laptop = new CliRunner(dir.resolve("new-laptop-" + dest));
        laptop.ok(addOnNewHome);
        Path restored = dir.resolve("restored-" + dest + ".db");
        laptop.ok("restore", "app", "--from", dest, "--latest", "--to", restored.toString(), "--yes");
        assertEquals(500, TestDatabases.count(restored, "select count(*) from notes"));
    }

    @Test
    void s3() throws Exception {
        lifeboat.ok(addS3(lifeboat, "cloud", s3.port(), "lifeboat-" + dir.getFileName()));
        copyListVerifyAndRestoreOnANewHome("cloud", addS3(null, "cloud", s3.port(), "lifeboat-" + dir.getFileName()));
        assertFalse(Files.readString(dir.resolve("home/settings.json")).contains(S3ProxyServer.CREDENTIAL),
                "only where the credentials are is kept");
    }

    @Test
    void sftp() throws Exception {
        lifeboat.ok(addSftp(lifeboat, "nas", "nas-" + dir.getFileName()));
        copyListVerifyAndRestoreOnANewHome("nas", addSftp(null, "nas", "nas-" + dir.getFileName()));
    }

    @Test
    void incrementalVersionsGoToAStoreOnS3() throws Exception {
        lifeboat.ok("set", "app", "--storage", "incremental");
        lifeboat.ok(addS3(lifeboat, "cloud", s3.port(), "inc-" + dir.getFileName()));
        copyListVerifyAndRestoreOnANewHome("cloud", addS3(null, "cloud", s3.port(), "inc-" + dir.getFileName()));
    }

    @Test
    void incrementalVersionsGoToAStoreOverSftp() throws Exception {
        lifeboat.ok("set", "app", "--storage", "incremental");
        lifeboat.ok(addSftp(lifeboat, "nas", "inc-" + dir.getFileName()));
        copyListVerifyAndRestoreOnANewHome("nas", addSftp(null, "nas", "inc-" + dir.getFileName()));
    }

    @Test
    void aCopyQueuedWhileTheServerIsAwayGoesOutWithTheNextRunDueOnceItIsBack() throws Exception {
        try (FaultProxy proxy = new FaultProxy(s3.port())) {
            lifeboat.ok(addS3(lifeboat, "cloud", proxy.port(), "queued-" + dir.getFileName()));
            lifeboat.ok("set", "app", "--copy-to", "cloud");
            proxy.refuse();
            CliRunner.Outcome backup = lifeboat.ok("backup", "app");
            assertTrue(backup.err().contains("will be retried"), backup.err());
            assertTrue(lifeboat.run("status").out().contains("offsite-copy-pending"));
            lifeboat.run("destination", "test", "cloud").failsWith(1, "does not work");

            proxy.pass();
            // The first retry is due a minute after the failure; "copy" sends it now, as "Retry now" does.
            String copy = lifeboat.ok("copy", "app").out();
            assertTrue(copy.contains("to cloud"), copy);
            assertEquals(1, new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json", "--at", "cloud").out()).size());
            assertFalse(lifeboat.run("status").out().contains("offsite-copy"));
        }
    }

    @Test
    void settingsRefuseOptionsOfAnotherKind() {
        lifeboat.run("destination", "add", "x", "s3://offsite/p", "--identity-file", "/tmp/k").failsWith(2, "SFTP options");
        lifeboat.run("destination", "add", "y", "sftp://u@127.0.0.1/p", "--endpoint", "http://h").failsWith(2, "S3 options");
        lifeboat.run("destination", "add", "z", "s3://offsite/p", "--endpoint", "ftp://h").failsWith(2, "endpoint");
        assertEquals(List.of(), List.of(lifeboat.ok("destination", "list").out().split("\n")).stream()
                .filter(l -> l.startsWith("x ") || l.startsWith("y ") || l.startsWith("z ")).toList());
    }
}
