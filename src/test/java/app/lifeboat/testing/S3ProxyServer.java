package app.lifeboat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy (fetched by the build into target/s3proxy, never on the test
 * class path) as its own process on a 127.0.0.1 port, storing buckets as folders under a temp
 * directory. It can be killed with SIGKILL and started again on the same port and directory.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String IDENTITY = "lifeboat-test-id";
    public static final String CREDENTIAL = "lifeboat-test-secret-9f3c";

    private final Path dir;
    private final Path basedir;
    private final int port;
    private final Map<String, String> extraProperties;
    private Process process;

    private S3ProxyServer(Path dir, int port, Map<String, String> extraProperties) {
        this.dir = dir;
        this.basedir = dir.resolve("data");
        this.port = port;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    /** Starts a server keeping its data under {@code dir}, with extra s3proxy properties (e.g. middleware). */
    public static S3ProxyServer start(Path dir, Map<String, String> extraProperties) throws IOException {
        S3ProxyServer s = new S3ProxyServer(dir, freePort(), extraProperties);
        Files.createDirectories(s.basedir);
        s.startProcess();
        return s;
    }

    public static S3ProxyServer start(Path dir) throws IOException {
        return start(dir, Map.of());
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the buckets are kept: one folder each. */
    public Path basedir() {
        return basedir;
    }

    /** A client straight to this server with the test credentials, for arranging what a test needs. */
    public S3Client client() {
        return client(port);
    }

    /** A client to {@code port} (e.g. a proxy in front of this server) with the test credentials. */
    public static S3Client client(int port) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    /** Writes a credentials file with the test identity (0600), as a user would. */
    public static Path writeCredentialsFile(Path file, String secret) throws IOException {
        Files.writeString(file, "[default]\naws_access_key_id = " + IDENTITY + "\naws_secret_access_key = " + secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Kills the server with SIGKILL, as a crash or a power cut would. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts it again on the same port with the same data. */
    public void restart() throws IOException {
        if (process == null) {
            startProcess();
        }
    }

    private void startProcess() throws IOException {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", IDENTITY);
        p.setProperty("s3proxy.credential", CREDENTIAL);
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", basedir.toString());
        extraProperties.forEach(p::setProperty);
        Path props = dir.resolve("s3proxy.properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            p.store(w, "test server");
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar().toString(), "--properties", props.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile())).start();
        waitForPort();
    }

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no s3proxy jar at " + jar + ": the build's process-test-resources phase fetches it");
        }
        return jar;
    }

    private void waitForPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with " + process.exitValue() + "; see " + dir.resolve("s3proxy.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IOException("s3proxy did not listen on port " + port + " within 60 s; see " + dir.resolve("s3proxy.log"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
