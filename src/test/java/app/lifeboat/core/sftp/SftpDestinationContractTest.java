package app.lifeboat.core.sftp;

import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.DestinationContract;
import app.lifeboat.testing.SftpTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The destination contract against an in-JVM MINA SFTP server on 127.0.0.1. */
class SftpDestinationContractTest extends DestinationContract {
    private static final AtomicInteger MADE = new AtomicInteger();

    @TempDir
    static Path dir;

    static SftpTestServer server;
    static SftpFixture fixture;

    private final Map<Destination, SftpOptions> opened = new IdentityHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        server = new SftpTestServer(root);
        fixture = new SftpFixture(dir, "backup", server.port(), server.hostKey(), server.clientKey());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @AfterEach
    void closeAll() throws IOException {
        for (Destination d : opened.keySet()) {
            d.close();
        }
    }

    @Override
    protected Destination emptyDestination() {
        SftpOptions o = fixture.options("/dest" + MADE.incrementAndGet() + "/db");
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
}
