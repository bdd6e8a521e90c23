package app.lifeboat.core.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.DestinationContract;
import app.lifeboat.testing.OpenSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination contract against Debian's OpenSSH sshd on 127.0.0.1, whose SFTP server offers
 * fsync, posix-rename and statvfs, so those paths run here.
 */
class OpenSshDestinationContractTest extends DestinationContract {
    private static final AtomicInteger MADE = new AtomicInteger();

    @TempDir
    static Path dir;

    static OpenSshServer server;
    static SftpFixture fixture;

    private final Map<Destination, SftpOptions> opened = new IdentityHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        OpenSshServer.require();
        server = new OpenSshServer(Files.createDirectories(dir.resolve("sshd")));
        fixture = new SftpFixture(dir, System.getProperty("user.name"), server.port(), server.hostKey(), server.clientKey());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeAll() throws IOException {
        for (Destination d : opened.keySet()) {
            d.close();
        }
    }

    private String remoteFolder() {
        return dir.resolve("remote" + MADE.incrementAndGet()).resolve("db").toString();
    }

    @Override
    protected Destination emptyDestination() {
        SftpOptions o = fixture.options(remoteFolder());
        SftpDestination d = fixture.open(o);
        opened.put(d, o);
        return d;
    }

    @Override
    protected Destination reopen(Destination d) {
        SftpOptions o = opened.get(d);
        SftpDestination again = fixture.open(o);
        opened.put(again, o);
        return again;
    }

    @Test
    void openSshOffersFsyncPosixRenameAndFreeSpace() throws Exception {
        SftpOptions o = fixture.options(remoteFolder());
        try (SftpDestination d = fixture.open(o)) {
            SftpConnection.Features f = new SftpConnection(o, Map.of()).features();
            assertEquals(new SftpConnection.Features(true, true, true, false), f, "OpenSSH speaks SFTP v3 with its extensions");
            assertTrue(d.usableSpaceBytes() > 0, "statvfs@openssh.com reports free space");
            assertTrue(d.isWritable());
        }
    }

    @Test
    void foldersAndObjectsAreCreatedPrivate() throws Exception {
        String folder = remoteFolder();
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            d.writeAtomically("a.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(folder))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(folder, "a.json"))));
        }
    }

    @Test
    void aLargeObjectStreamsBothWays() throws Exception {
        String folder = remoteFolder();
        byte[] content = bytesOf(20 * 1024 * 1024 + 3);
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            try (Destination.StagedFile f = d.stage("big.db.zst")) {
                Files.write(f.path(), content);
                f.commit();
            }
            assertEquals(List.of("big.db.zst"), d.list());
            assertArrayEquals(content, Files.readAllBytes(Path.of(folder, "big.db.zst")), "what sshd stored");
            try (InputStream in = d.open("big.db.zst")) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void linksOddNamesAndFoldersOnARealServerAreNeverListedOrFollowed() throws Exception {
        Path remote = Files.createDirectories(Path.of(remoteFolder()));
        Path secret = Files.writeString(dir.resolve("secret-" + MADE.incrementAndGet()), "not yours");
        Files.createSymbolicLink(remote.resolve("link.db"), secret);
        Files.writeString(remote.resolve("new\nline.db"), "x");
        Files.createDirectories(remote.resolve("sub.db"));
        Files.writeString(remote.resolve("good.db"), "ok");
        try (SftpDestination d = fixture.open(fixture.options(remote.toString()))) {
            assertEquals(List.of("good.db"), d.list());
            assertFalse(d.exists("link.db"));
            assertThrows(IOException.class, () -> d.open("link.db").close());
            assertThrows(IOException.class, () -> d.localCopy("link.db").close());
            d.delete("link.db");
            assertEquals("not yours", Files.readString(secret), "deleting the name removed the link, never its target");
        }
    }

    @Test
    void aFullDiskIsNoSpaceAndLeavesNoTemporary() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small" + MADE.incrementAndGet()));
        boolean mounted = "root".equals(fixture.user)
                && run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", small.toString()) == 0;
        Assumptions.assumeTrue(mounted, "needs root and the right to mount a small tmpfs");
        try (SftpDestination d = fixture.open(fixture.options(small + "/db"))) {
            d.writeAtomically("small.json", "{}".getBytes(StandardCharsets.UTF_8));
            long free = d.usableSpaceBytes();
            assertTrue(free > 0 && free <= 1024 * 1024, "statvfs sees the small disk: " + free);
            LifeboatException e = assertThrows(LifeboatException.class, () -> {
                try (Destination.StagedFile f = d.stage("big.db")) {
                    Files.write(f.path(), bytesOf(2 * 1024 * 1024));
                    f.commit();
                }
            });
            assertEquals(ErrorCode.NO_SPACE, e.code(), e.getMessage());
            assertEquals(List.of("small.json"), d.list());
            try (Stream<Path> left = Files.list(small.resolve("db"))) {
                assertEquals(List.of("small.json"), left.map(p -> p.getFileName().toString()).toList(), "no temporary left");
            }
        } finally {
            run("umount", small.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static byte[] bytesOf(int n) {
        byte[] b = new byte[n];
        new Random(9).nextBytes(b);
        return b;
    }
}
