package app.lifeboat.core.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Named AWS profiles and the default chain read the AWS files a person already has (here pointed
 * at temp files through the SDK's system properties, as AWS_SHARED_CREDENTIALS_FILE would).
 */
class S3CredentialsTest {
    private static final List<String> PROPERTIES = List.of("aws.sharedCredentialsFile", "aws.configFile",
            "aws.accessKeyId", "aws.secretAccessKey", "aws.profile");

    @TempDir
    static Path serverDir;
    private static S3ProxyServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir);
        try (S3Client c = server.client()) {
            c.createBucket(b -> b.bucket("creds"));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void awsFilesInTemp() throws Exception {
        Files.writeString(home.resolve("credentials"), "[work]\naws_access_key_id = " + S3ProxyServer.IDENTITY
                + "\naws_secret_access_key = " + S3ProxyServer.CREDENTIAL + "\n");
        Files.writeString(home.resolve("config"), "[profile work]\nregion = eu-central-1\n");
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
        System.setProperty("aws.configFile", home.resolve("config").toString());
    }

    @AfterEach
    void restore() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private S3Destination open(S3Credentials creds) {
        return new S3Destination(S3Location.parse("s3://creds/p", server.endpoint(), null, true), creds,
                home.resolve("scratch"), home.resolve("state"), S3Options.defaults().withAttempts(1, 1).withEnv(Map.of()));
    }

    @Test
    void aNamedProfileWorks() throws Exception {
        try (S3Destination d = open(S3Credentials.profile("work"))) {
            d.writeAtomically("a", new byte[] {1});
            assertEquals(List.of("a"), d.list());
        }
    }

    @Test
    void theDefaultChainReadsTheProfileFiles() throws Exception {
        System.setProperty("aws.profile", "work");
        try (S3Destination d = open(S3Credentials.defaultChain())) {
            assertTrue(d.isAvailable());
        }
    }

    @Test
    void aMissingProfileSaysWhereItLooked() {
        try (S3Destination d = open(S3Credentials.profile("absent"))) {
            LifeboatException e = assertThrows(LifeboatException.class, d::list);
            assertEquals(ErrorCode.CREDENTIALS_REFUSED, e.code());
            assertEquals(Remedy.CHECK_CREDENTIALS, e.remedy());
            assertTrue(e.getMessage().contains("the AWS profile 'absent'"), e.getMessage());
        }
    }
}
