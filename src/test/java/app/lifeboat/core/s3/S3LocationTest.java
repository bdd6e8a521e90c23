package app.lifeboat.core.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Addresses are checked before anything is sent: bucket rules, one place per prefix, no secrets in endpoints. */
class S3LocationTest {
    @Test
    void parsesBucketAndPrefix() {
        S3Location l = S3Location.parse("s3://my-backups/laptop/notes/");
        assertEquals("my-backups", l.bucket());
        assertEquals("laptop/notes", l.prefix());
        assertEquals("laptop/notes/", l.keyPrefix());
        assertNull(l.endpoint());
        assertEquals("s3://my-backups/laptop/notes", l.url());
        assertEquals("", S3Location.parse("s3://my-backups").keyPrefix());
        assertEquals("s3://my-backups/laptop/notes/store", l.nested("store").url());
    }

    @Test
    void describeNamesANonAwsHostButNoUserInfo() {
        S3Location l = S3Location.parse("s3://b12/p", URI.create("https://minio.example:9000"), "eu-west-1", true);
        assertEquals("s3://b12/p at minio.example:9000", l.describe());
        assertTrue(l.pathStyle());
        assertEquals("eu-west-1", l.region());
    }

    @Test
    void refusesMalformedAddressesWithOneClearSentence() {
        for (String url : List.of("http://bucket/x", "s3://", "s3://Upper/x", "s3://ab", "s3://a_b/x", "s3://a..b",
                "s3://-bucket", "s3://192.168.1.1/x", "s3://bucket/a/../b", "s3://bucket/..", "s3://bucket/a//b",
                "s3://bucket/./a", "s3://bucket/a\u0000b", "s3://bucket//")) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> S3Location.parse(url), url);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), url);
            assertTrue(!e.getMessage().contains("\n") && e.getMessage().length() < 300, e.getMessage());
        }
    }

    @Test
    void refusesEndpointsThatCarrySecretsOrAreNotHttp() {
        for (String endpoint : List.of("https://key:secret@host", "ftp://host", "https://host/?x=1", "host:9000")) {
            LifeboatException e = assertThrows(LifeboatException.class,
                    () -> S3Location.parse("s3://bucket", URI.create(endpoint), null, true), endpoint);
            assertTrue(!e.getMessage().contains("secret"), "the secret is not repeated: " + e.getMessage());
        }
        assertThrows(LifeboatException.class, () -> S3Location.parse("s3://bucket", null, "EU West", false));
    }

    @Test
    void credentialReferencesSayWhereNotWhat() {
        assertTrue(S3Credentials.defaultChain().describe().contains("AWS"));
        assertEquals("the AWS profile 'work'", S3Credentials.profile("work").describe());
        assertThrows(LifeboatException.class, () -> S3Credentials.profile("../x"));
    }
}
