package app.lifeboat.core.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.testing.FaultProxy;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults through a {@link FaultProxy} in front of an in-JVM server, odd remote names, and a
 * server without posix-rename.
 */
class SftpFaultTest {
    private static final AtomicInteger MADE = new AtomicInteger();

    @TempDir
    static Path shared;

    static Path root;
    static SftpTestServer server;
    static SftpFixture fixture;

    FaultProxy proxy;
    String folder;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(shared.resolve("root"));
        server = new SftpTestServer(root);
        fixture = new SftpFixture(shared, "backup", server.port(), server.hostKey(), server.clientKey());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new FaultProxy(server.port());
        SshKeys.knownHosts(fixture.knownHosts, server.hostKey(), server.port(), proxy.port());
        folder = "/fault" + MADE.incrementAndGet();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private SftpDestination viaProxy() {
        return fixture.openEager(fixture.options(proxy.port(), folder));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static void put(Destination d, String name, byte[] content) throws IOException {
        try (Destination.StagedFile f = d.stage(name)) {
            Files.write(f.path(), content);
            f.commit();
        }
    }

    private List<String> remoteTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(folder.substring(1)))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(FileSafety.TEMP_PREFIX)).toList();
        }
    }

    @Test
    void aConnectionCutMidUploadIsAClearErrorAndLeavesNothingListed() throws Exception {
        try (SftpDestination d = viaProxy()) {
            put(d, "old.db", bytes(1000));
            proxy.cutAfter(400_000);
            LifeboatException e = assertThrows(LifeboatException.class, () -> put(d, "new.db", bytes(3 * 1024 * 1024)));
            assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
            assertEquals(Remedy.CHECK_CONNECTION, e.remedy());
            assertEquals(List.of("offsite"), e.remedyArgs());
            assertFalse(e.getMessage().contains("\n"), "one sentence");

            proxy.pass();
            assertEquals(List.of("old.db"), d.list(), "reconnected; the cut upload is not listed");
            assertEquals(1, remoteTemporaries().size(), "its temporary stayed behind");
        }
        try (SftpDestination next = viaProxy()) {
            assertTrue(next.removeStaleTemporaries() >= 1);
            assertEquals(List.of(), remoteTemporaries());
            assertEquals(List.of("old.db"), next.list());
        }
    }

    @Test
    void aSessionThatDroppedBetweenCallsIsReconnectedOnce() throws Exception {
        try (SftpDestination d = viaProxy()) {
            put(d, "a.db", bytes(5000));
            proxy.refuse(); // closes the open connection ...
            proxy.pass(); // ... and the server is back
            assertEquals(List.of("a.db"), d.list());
            put(d, "b.db", bytes(7000));
            assertArrayEquals(bytes(7000), d.open("b.db").readAllBytes());
        }
    }

    @Test
    void aServerThatRefusesConnectionsIsUnreachable() throws Exception {
        proxy.refuse();
        try (SftpDestination d = viaProxy()) {
            LifeboatException e = assertThrows(LifeboatException.class, d::list);
            assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
            assertEquals(Remedy.CHECK_CONNECTION, e.remedy());
            assertFalse(d.isAvailable());
            assertEquals(-1, d.usableSpaceBytes());
        }
    }

    @Test
    void aPortWithNoServerIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (SftpDestination d = fixture.open(fixture.options(closed, folder))) {
            LifeboatException e = assertThrows(LifeboatException.class, d::list);
            assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code());
            assertTrue(e.getMessage().contains("connection refused") && e.getMessage().contains(":" + closed), e.getMessage());
        }
    }

    @Test
    void oddRemoteEntriesAreNeverListedOrFollowed() throws Exception {
        Path remote = Files.createDirectories(root.resolve(folder.substring(1)));
        Path secret = Files.writeString(shared.resolve("outside-the-root"), "not yours");
        Files.createSymbolicLink(remote.resolve("link.db"), secret);
        Files.writeString(remote.resolve("new\nline.db"), "x");
        Files.createDirectories(remote.resolve("sub.db"));
        Files.writeString(remote.resolve("good.db"), "ok");
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            assertEquals(List.of("good.db"), d.list());
            assertFalse(d.exists("link.db"));
            assertFalse(d.exists("sub.db"));
            assertThrows(IOException.class, () -> d.open("link.db").close());
            assertThrows(IOException.class, () -> d.sizeBytes("link.db"));
            assertThrows(IOException.class, () -> d.localCopy("link.db").close());
            assertEquals(List.of(), d.within("sub.db").list());
        }
        assertEquals("not yours", Files.readString(secret));
    }

    @Test
    void withoutPosixRenameNewObjectsArePublishedButNothingIsReplaced() throws Exception {
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            d.maskFeatures(false, false, false, false);
            put(d, "a.db", bytes(100));
            d.writeAtomically("a.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("a.db", "a.json"), d.list());

            LifeboatException e = assertThrows(LifeboatException.class,
                    () -> d.writeAtomically("a.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("posix-rename"), e.getMessage());
            assertThrows(LifeboatException.class, () -> put(d, "a.db", bytes(200)));
            assertEquals("{\"v\":1}", new String(d.open("a.json").readAllBytes(), StandardCharsets.UTF_8));
            try (InputStream in = d.open("a.db")) {
                assertArrayEquals(bytes(100), in.readAllBytes(), "the old object is whole");
            }
            assertEquals(List.of(), remoteTemporaries(), "the refused upload removed its temporary");
        }
    }

    @Test
    void aTemporaryOfARunningUploadIsNotStale() throws Exception {
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            d.writeAtomically("x", new byte[] {1});
            Path temp = root.resolve(folder.substring(1)).resolve(FileSafety.TEMP_PREFIX + "12345678-y");
            Files.write(temp, new byte[10]); // another process is writing it now
            assertEquals(0, d.removeStaleTemporaries(), "younger than the default hour");
            assertTrue(Files.exists(temp));
            try (SftpDestination eager = fixture.openEager(fixture.options(folder))) {
                assertEquals(1, eager.removeStaleTemporaries());
            }
            assertFalse(Files.exists(temp));
            assertEquals(List.of("x"), d.list());
        }
    }

    @Test
    void aServerThatDeniesWritesSaysSo() throws Exception {
        server.denyWrites(true);
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> put(d, "a.db", bytes(100)));
            assertEquals(ErrorCode.DESTINATION_UNAVAILABLE, e.code(), e.getMessage());
            assertEquals(Remedy.CHECK_PERMISSIONS, e.remedy());
            assertTrue(e.getMessage().contains("denied permission"), e.getMessage());
            assertFalse(d.isWritable());
        } finally {
            server.denyWrites(false);
        }
    }

    @Test
    void aFullDiskIsNoSpaceAndLeavesNoTemporary() throws Exception {
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            put(d, "old.db", bytes(100));
            server.diskFullAfter(200_000);
            LifeboatException e = assertThrows(LifeboatException.class, () -> put(d, "big.db", bytes(1024 * 1024)));
            assertEquals(ErrorCode.NO_SPACE, e.code(), e.getMessage());
            assertEquals(Remedy.FREE_SPACE, e.remedy());
            server.diskFullAfter(Long.MAX_VALUE);
            assertEquals(List.of("old.db"), d.list());
            assertEquals(List.of(), remoteTemporaries());
        } finally {
            server.diskFullAfter(Long.MAX_VALUE);
        }
    }

    /** Far more than the writes allowed in flight: the refusal comes back while the upload waits for answers. */
    @Test
    void aDiskThatFillsDuringALongUploadIsNoSpaceAndLeavesNoTemporary() throws Exception {
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            server.diskFullAfter(3 * 1024 * 1024);
            LifeboatException e = assertThrows(LifeboatException.class, () -> put(d, "big.db", bytes(12 * 1024 * 1024)));
            assertEquals(ErrorCode.NO_SPACE, e.code(), e.getMessage());
            server.diskFullAfter(Long.MAX_VALUE);
            assertEquals(List.of(), d.list());
            assertEquals(List.of(), remoteTemporaries());
        } finally {
            server.diskFullAfter(Long.MAX_VALUE);
        }
    }

    @Test
    void aFolderRemovedBehindOurBackIsMadeAgain() throws Exception {
        try (SftpDestination d = fixture.open(fixture.options(folder))) {
            put(d, "a.db", bytes(10));
            Path remote = root.resolve(folder.substring(1));
            Files.delete(remote.resolve("a.db"));
            Files.delete(remote);
            put(d, "b.db", bytes(20));
            assertEquals(List.of("b.db"), d.list());
        }
    }

    @Test
    void aStalledNetworkEndsInAnUnreachableErrorNotAHang() throws Exception {
        SftpOptions o = fixture.options(proxy.port(), folder);
        SftpOptions quick = new SftpOptions(o.name(), o.location(), o.auth(), o.knownHosts(), o.lifeboatKnownHosts(), null,
                Duration.ofSeconds(2));
        try (SftpDestination d = fixture.open(quick)) {
            put(d, "a.db", bytes(10));
            proxy.stall();
            LifeboatException e = assertThrows(LifeboatException.class, () -> put(d, "b.db", bytes(500_000)));
            assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
            proxy.refuse();
            proxy.pass();
            assertEquals(List.of("a.db"), d.list(), "works again once the network does");
        }
    }
}
