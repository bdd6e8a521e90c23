package app.lifeboat.core.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.DestinationContract;
import app.lifeboat.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The destination contract against a real S3 server (s3proxy on 127.0.0.1), with parts small enough to go multipart. */
class S3DestinationContractTest extends DestinationContract {
    static final long PART = S3Options.MIN_PART_BYTES;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path serverDir;
    private static S3ProxyServer server;
    private static Path credentials;

    @TempDir
    Path local;
    private final List<Destination> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
        credentials = S3ProxyServer.writeCredentialsFile(serverDir.resolve("credentials"), S3ProxyServer.CREDENTIAL);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (Destination d : opened) {
            d.close();
        }
    }

    static S3Options testOptions() {
        return S3Options.defaults().withPartSizeBytes(PART).withEnv(Map.of());
    }

    /** Two whole parts and a short last one. */
    @Override
    protected int largeObjectBytes() {
        return (int) (2 * PART + 3 * 1024 * 1024 + 17);
    }

    @Override
    protected Destination emptyDestination() throws Exception {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        try (var client = server.client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        S3Location location = S3Location.parse("s3://" + bucket + "/backups/db1", server.endpoint(), null, true);
        return open(location);
    }

    private Destination open(S3Location location) throws Exception {
        Files.createDirectories(local);
        S3Destination d = new S3Destination(location, S3Credentials.file(credentials), local.resolve("scratch"),
                local.resolve("state"), testOptions());
        opened.add(d);
        return d;
    }

    @Test
    void theStoredSha256IsTheFilesWhateverTheUploadPathAndOnlyAPlausibleOne() throws Exception {
        Destination d = emptyDestination();
        byte[] big = new byte[largeObjectBytes()];
        new Random(9).nextBytes(big);
        Path file = local.resolve("big");
        Files.write(file, big);
        d.put("multi", file, sent -> { });
        d.writeAtomically("single", new byte[] {1, 2, 3});
        assertEquals(Optional.of(sha256(big)), d.storedSha256("multi"), "a multipart ETag is no checksum, the metadata is");
        assertEquals(Optional.of(sha256(new byte[] {1, 2, 3})), d.storedSha256("single"));

        String bucket = ((S3Destination) d).location().bucket();
        try (var client = server.client()) {
            client.putObject(b -> b.bucket(bucket).key("backups/db1/foreign"), RequestBody.fromBytes(new byte[] {4}));
            client.putObject(b -> b.bucket(bucket).key("backups/db1/forged").metadata(Map.of("lifeboat-sha256", "../../x")),
                    RequestBody.fromBytes(new byte[] {5}));
        }
        assertEquals(Optional.empty(), d.storedSha256("foreign"), "stored some other way: nothing to compare");
        assertEquals(Optional.empty(), d.storedSha256("forged"), "not 64 hex digits: ignored");
        assertThrows(NoSuchFileException.class, () -> d.storedSha256("missing"));
    }

    @Test
    void aFileSentWithItsRecordedSha256IsPublishedOnlyWhenItsBytesStillMatch() throws Exception {
        Destination d = emptyDestination();
        byte[] big = new byte[largeObjectBytes()];
        new Random(10).nextBytes(big);
        Path file = local.resolve("big");
        Files.write(file, big);
        String recorded = sha256(big);
        List<Long> progress = new ArrayList<>();
        d.put("good", file, recorded, progress::add);
        assertEquals(Optional.of(recorded), d.storedSha256("good"));
        assertEquals((long) big.length, progress.get(progress.size() - 1), "the last report is the whole file");

        big[big.length / 2] ^= 1; // the local file rotted after its record was written
        Files.write(file, big);
        LifeboatException e = assertThrows(LifeboatException.class, () -> d.put("rotten", file, recorded, sent -> { }));
        assertEquals(ErrorCode.VERIFICATION_FAILED, e.code(), e.getMessage());
        assertEquals(List.of("good"), d.list(), "nothing is published from bytes that do not match their record");
        assertFalse(d.exists("rotten"));
        Path single = local.resolve("single");
        Files.write(single, new byte[] {1, 2, 3});
        assertThrows(LifeboatException.class, () -> d.put("small", single, recorded, sent -> { }));
        assertFalse(d.exists("small"), "a single PUT is checked the same way");
        try (var client = server.client()) {
            String bucket = ((S3Destination) d).location().bucket();
            assertEquals(0, client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(), "the refused upload was aborted");
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Override
    protected Destination reopen(Destination d) throws Exception {
        return open(((S3Destination) d).location());
    }
}
