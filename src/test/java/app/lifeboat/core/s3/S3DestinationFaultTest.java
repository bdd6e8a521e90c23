package app.lifeboat.core.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import app.lifeboat.testing.FaultProxy;
import app.lifeboat.testing.S3ProxyServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an S3 destination does when things go wrong, against a real s3proxy behind a fault-injecting
 * proxy: cuts, a killed server, refused connections, wrong or exposed credentials, stale uploads,
 * odd names in a listing. Each ends in a retry that succeeds or in one clear sentence, and never
 * in a listed object that is not whole.
 */
class S3DestinationFaultTest {
    private static final long PART = S3Options.MIN_PART_BYTES;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path serverDir;
    private static S3ProxyServer server;
    private static Path credentials;

    @TempDir
    Path local;
    private FaultProxy proxy;
    private String bucket;
    private final List<Destination> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir.resolve("main"));
        credentials = S3ProxyServer.writeCredentialsFile(serverDir.resolve("credentials"), S3ProxyServer.CREDENTIAL);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newBucketBehindAProxy() throws Exception {
        Files.createDirectories(serverDir.resolve("main"));
        proxy = new FaultProxy(server.port());
        bucket = "fault-" + BUCKETS.incrementAndGet();
        try (S3Client c = server.client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (Destination d : opened) {
            d.close();
        }
        proxy.close();
    }

    /** Few retries and short timeouts, so a failure is reported in seconds; one part at a time, so a cut lands between parts. */
    private static S3Options quick() {
        return S3Options.defaults().withPartSizeBytes(PART).withPartConcurrency(1).withAttempts(2, 1)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withEnv(Map.of());
    }

    private S3Location location(int port) {
        return S3Location.parse("s3://" + bucket + "/db", URI.create("http://127.0.0.1:" + port), null, true);
    }

    private S3Destination open(S3Credentials creds, S3Options options) {
        S3Destination d = new S3Destination(location(proxy.port()), creds, local.resolve("scratch"), local.resolve("state"),
                options);
        opened.add(d);
        return d;
    }

    private S3Destination open() {
        return open(S3Credentials.file(credentials), quick());
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(Destination d, String name) throws Exception {
        try (InputStream in = d.open(name)) {
            return in.readAllBytes();
        }
    }

    private static void assertOneSentence(LifeboatException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no class names for people: " + e.getMessage());
        assertFalse(e.getMessage().contains(S3ProxyServer.CREDENTIAL), "no secret in: " + e.getMessage());
    }

    private long stateFiles() throws Exception {
        Path state = local.resolve("state");
        if (!Files.isDirectory(state)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(state)) {
            return s.filter(p -> p.getFileName().toString().startsWith("upload-")).count();
        }
    }

    @Test
    void aConnectionCutMidUploadFailsClearlyListsNothingAndTheNextCommitResumes() throws Exception {
        S3Destination d = open();
        byte[] content = bytes((int) (3 * PART + 1000), 1);
        try (Destination.StagedFile f = d.stage("a.db")) {
            Files.write(f.path(), content);
            proxy.cutAfter(PART + PART / 2); // the first part arrives, the second is cut halfway
            LifeboatException e = assertThrows(LifeboatException.class, f::commit);
            assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
            assertEquals(Remedy.CHECK_CONNECTION, e.remedy());
            assertTrue(e.getMessage().contains(d.describe()), e.getMessage());
            assertOneSentence(e);
            proxy.pass();
            assertEquals(List.of(), d.list(), "a cut upload is not an object");
            assertEquals(1, stateFiles(), "the upload id is kept for the resume");

            long before = proxy.upstreamBytes();
            f.commit();
            long resent = proxy.upstreamBytes() - before;
            assertTrue(resent < content.length - PART / 2, "the stored part was not sent again: " + resent + " bytes");
        }
        assertEquals(List.of("a.db"), d.list());
        assertArrayEquals(content, read(d, "a.db"));
        assertEquals(0, stateFiles(), "a finished upload forgets its state");
    }

    @Test
    void partsGoingUpFourAtATimeCutMidPartListNothingAndTheNextPutSendsOnlyWhatIsMissing() throws Exception {
        S3Destination d = open(S3Credentials.file(credentials), quick().withPartConcurrency(4));
        byte[] content = bytes((int) (9 * PART + 123), 11);
        Path file = local.resolve("parallel.db");
        Files.write(file, content);
        MessageDigest digest = Sha256.newDigest();
        digest.update(content);
        String sha = Sha256.hex(digest);
        proxy.cutAfter(5 * PART); // mid-part: several parts are on their way when the connections go
        LifeboatException e = assertThrows(LifeboatException.class, () -> d.put("p.db", file, sha, sent -> { }));
        // Which side hears of the cut first is a race: the client (a reset connection) or s3proxy,
        // which answers the short part with 400 InvalidRequest. Either way nothing is listed and the parts stay.
        assertTrue(e.code() == ErrorCode.DESTINATION_UNREACHABLE || e.code() == ErrorCode.IO_ERROR, e.code() + ": " + e.getMessage());
        assertOneSentence(e);
        proxy.pass();
        assertEquals(List.of(), d.list(), "parts are not an object");
        assertEquals(1, stateFiles(), "the upload id is kept for the resume");

        List<Long> progress = new ArrayList<>();
        long before = proxy.upstreamBytes();
        d.put("p.db", file, sha, progress::add);
        long sent = proxy.upstreamBytes() - before;
        assertTrue(sent < content.length - PART, "the parts stored before the cut were kept: sent " + sent);
        assertEquals(content.length, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress only grows, whatever order parts finish in");
        }
        assertEquals(List.of("p.db"), d.list());
        assertArrayEquals(content, read(d, "p.db"));
        assertEquals(Optional.of(sha), d.storedSha256("p.db"));
        assertEquals(0, stateFiles());
    }

    @Test
    void aServerKilledMidUploadAndRestartedResumesInTheNextRun() throws Exception {
        byte[] content = bytes((int) (8 * PART), 2);
        S3Destination first = open();
        Destination.StagedFile f = first.stage("big.db");
        Files.write(f.path(), content);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
            try {
                f.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = proxy.upstreamBytes();
        while (proxy.upstreamBytes() - start < 2 * PART + PART / 2 && !commit.isDone()) {
            Thread.onSpinWait();
        }
        proxy.stall(); // hold the rest while the server dies
        server.kill();
        proxy.refuse();
        Throwable failure = assertThrows(Exception.class, () -> commit.get(60, TimeUnit.SECONDS)).getCause();
        LifeboatException e = (LifeboatException) (failure instanceof LifeboatException ? failure : failure.getCause());
        assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
        assertOneSentence(e);
        f.close();

        server.restart();
        proxy.pass();
        S3Destination next = open(); // as the next run would: a new instance over the same state folder
        assertEquals(List.of(), next.list(), "nothing half-uploaded is listed");
        long before = proxy.upstreamBytes();
        try (Destination.StagedFile again = next.stage("big.db")) {
            Files.write(again.path(), content);
            again.commit();
        }
        long sent = proxy.upstreamBytes() - before;
        assertTrue(sent < content.length - PART, "parts stored before the kill were kept: sent " + sent + " of "
                + content.length + " bytes");
        assertArrayEquals(content, read(next, "big.db"));
        try (Destination.LocalCopy copy = next.localCopy("big.db")) {
            assertArrayEquals(content, Files.readAllBytes(copy.path()));
        }
    }

    @Test
    void putSendsAFileAsItIsReportsProgressAndACancelledPutResumes() throws Exception {
        S3Destination d = open();
        byte[] content = bytes((int) (3 * PART + 77), 7);
        Path file = local.resolve("backup.db");
        Files.write(file, content);
        List<Long> progress = new ArrayList<>();
        LifeboatException cancelled = assertThrows(LifeboatException.class, () -> d.put("b.db", file, sent -> {
            progress.add(sent);
            if (sent >= PART) {
                throw new LifeboatException(ErrorCode.CANCELLED, "cancelled by the test");
            }
        }));
        assertEquals(ErrorCode.CANCELLED, cancelled.code());
        assertEquals(List.of(), d.list(), "a cancelled put is not an object");

        progress.clear();
        long before = proxy.upstreamBytes();
        d.put("b.db", file, progress::add);
        assertTrue(proxy.upstreamBytes() - before < content.length - PART / 2, "the parts sent before the cancel were kept");
        assertEquals(content.length, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress only grows: " + progress);
        }
        assertArrayEquals(content, read(d, "b.db"));
        assertArrayEquals(content, Files.readAllBytes(file), "the local file is only read");
    }

    @Test
    void aNestedNamespaceCanBeClosedAloneAndItsParentReconnects() throws Exception {
        S3Destination root = open();
        try (Destination inner = root.within("app")) { // as a copy opens root.within(db) and closes only that
            inner.writeAtomically("a.json", new byte[] {'{', '}'});
        }
        root.writeAtomically("top.json", new byte[] {'{', '}'});
        assertEquals(List.of("top.json"), root.list());
        assertEquals(List.of("a.json"), root.within("app").list());
    }

    @Test
    void wrongCredentialsAreRefusedInOneSentenceWithoutTheSecret() throws Exception {
        String secret = "not-the-secret-7d1e";
        Path wrong = S3ProxyServer.writeCredentialsFile(local.resolve("wrong"), secret);
        S3Destination d = open(S3Credentials.file(wrong), quick());
        LifeboatException e = assertThrows(LifeboatException.class, d::list);
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code(), e.getMessage());
        assertEquals(Remedy.CHECK_CREDENTIALS, e.remedy());
        assertTrue(e.getMessage().contains(wrong.toString()), "names where the credentials came from: " + e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(e.getMessage().contains(S3ProxyServer.IDENTITY), "not even the key id: " + e.getMessage());
        assertOneSentence(e);
        try (Destination.StagedFile f = d.stage("a.db")) {
            Files.write(f.path(), bytes(1000, 3));
            assertEquals(ErrorCode.CREDENTIALS_REFUSED, assertThrows(LifeboatException.class, f::commit).code());
        }
    }

    @Test
    void aServerThatRefusesConnectionsIsUnreachable() throws Exception {
        S3Destination d = open();
        proxy.refuse();
        LifeboatException e = assertThrows(LifeboatException.class, d::list);
        assertEquals(ErrorCode.DESTINATION_UNREACHABLE, e.code(), e.getMessage());
        assertEquals(Remedy.CHECK_CONNECTION, e.remedy());
        assertOneSentence(e);
        assertFalse(d.isAvailable());
        assertFalse(d.isWritable());
    }

    @Test
    void aMissingBucketIsNamedAsSuch() throws Exception {
        S3Destination d = new S3Destination(S3Location.parse("s3://no-such-bucket/db", server.endpoint(), null, true),
                S3Credentials.file(credentials), local.resolve("scratch"), local.resolve("state"), quick());
        opened.add(d);
        LifeboatException e = assertThrows(LifeboatException.class, d::list);
        assertEquals(ErrorCode.DESTINATION_UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(d.isAvailable());
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefused() throws Exception {
        Path exposed = S3ProxyServer.writeCredentialsFile(local.resolve("exposed"), S3ProxyServer.CREDENTIAL);
        Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
        S3Destination d = open(S3Credentials.file(exposed), quick());
        LifeboatException e = assertThrows(LifeboatException.class, d::list);
        assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code());
        assertEquals(Remedy.CHECK_PERMISSIONS, e.remedy());
        assertTrue(e.getMessage().contains(exposed.toString()) && e.getMessage().contains("chmod 600"), e.getMessage());
        assertEquals(0, proxy.upstreamBytes(), "nothing was sent with credentials others could have changed");
    }

    @Test
    void cleanupAbortsStaleUploadsUnderThePrefixOnlyAndForgetsTheirState() throws Exception {
        try (S3Client c = server.client()) {
            String mine = c.createMultipartUpload(b -> b.bucket(bucket).key("db/left-by-a-crash")).uploadId();
            c.uploadPart(b -> b.bucket(bucket).key("db/left-by-a-crash").uploadId(mine).partNumber(1),
                    RequestBody.fromBytes(bytes(1000, 4)));
            c.createMultipartUpload(b -> b.bucket(bucket).key("other/not-mine"));

            assertEquals(0, open().removeStaleTemporaries(), "a young upload may be another run's: it stays");
            assertEquals(2, c.listMultipartUploads(b -> b.bucket(bucket)).uploads().size());

            S3Destination d = open(S3Credentials.file(credentials), quick().withStaleUploadAge(Duration.ZERO));
            try (Destination.StagedFile f = d.stage("cut.db")) { // leaves an upload id in the state folder
                Files.write(f.path(), bytes((int) (2 * PART + 10), 5));
                proxy.cutAfter(PART + 100);
                assertThrows(LifeboatException.class, f::commit);
                proxy.pass();
            }
            assertEquals(1, stateFiles());
            assertEquals(2, d.removeStaleTemporaries(), "the crash's upload and the cut one");
            assertEquals(List.of("other/not-mine"), c.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                    .map(u -> u.key()).toList());
            assertEquals(0, stateFiles(), "the aborted upload's state is forgotten");
        }
    }

    /**
     * Names another program stored in the bucket. s3proxy refuses keys with a {@code ..} segment
     * (500), so {@code a/../b} cannot be planted here; with the "/" delimiter such a key lists as
     * the folder {@code a/}, which is not an object either.
     */
    @Test
    void oddNamesInAListingAreIgnoredNotFollowed() throws Exception {
        try (S3Client c = server.client()) {
            for (String key : List.of("db/x\u0001y", "db/new\nline", "db/back\\slash", "db/ok.db", "db/%2e%2e", "db/",
                    "db/sub/inner", "db/.lifeboat-tmp-probe", "elsewhere")) {
                c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {1}));
            }
        }
        S3Destination d = open();
        assertEquals(List.of("%2e%2e", "ok.db"), d.list(), "a literal %2e%2e is a plain name, decoded once, not twice");
        assertEquals(List.of("inner"), d.within("sub").list());
    }

    @Test
    void theEndpointComesFromTheEnvironmentWhenTheAddressHasNone() throws Exception {
        S3Options options = quick().withEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + proxy.port()));
        S3Destination d = new S3Destination(S3Location.parse("s3://" + bucket + "/db", null, null, true),
                S3Credentials.file(credentials), local.resolve("scratch"), local.resolve("state"), options);
        opened.add(d);
        d.writeAtomically("a.json", new byte[] {'{', '}'});
        assertEquals(List.of("a.json"), d.list());
        assertTrue(d.describe().contains("127.0.0.1:" + proxy.port()), d.describe());
    }

    @Test
    void stagedFilesArePrivateAndTheServerClockIsRead() throws Exception {
        S3Destination d = open();
        try (Destination.StagedFile f = d.stage("a.db")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path().getParent())));
        }
        Duration skew = d.clockSkew().orElseThrow();
        assertTrue(skew.abs().compareTo(Duration.ofMinutes(5)) < 0, "same machine, same clock: " + skew);
    }

    @Test
    void aReadOnlyStoreRefusesWritesInOneSentence() throws Exception {
        try (S3ProxyServer readOnly = S3ProxyServer.start(local.resolve("ro"), Map.of("s3proxy.read-only-blobstore", "true"))) {
            Files.createDirectories(readOnly.basedir().resolve(bucket));
            S3Destination d = new S3Destination(location(readOnly.port()), S3Credentials.file(credentials),
                    local.resolve("scratch"), local.resolve("state"), quick());
            opened.add(d);
            assertEquals(List.of(), d.list(), "reading still works");
            try (Destination.StagedFile f = d.stage("a.db")) {
                Files.write(f.path(), bytes(1000, 6));
                LifeboatException e = assertThrows(LifeboatException.class, f::commit);
                assertEquals(ErrorCode.DESTINATION_UNAVAILABLE, e.code(), e.getMessage());
                assertOneSentence(e);
            }
            assertFalse(d.isWritable());
        }
    }
}
