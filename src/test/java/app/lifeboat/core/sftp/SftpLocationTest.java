package app.lifeboat.core.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftpLocationTest {
    @Test
    void parsesUserHostPortAndAbsolutePath() {
        SftpLocation l = SftpLocation.parse("sftp://ann@nas.local:2222/srv/backups/", "me");
        assertEquals(new SftpLocation("ann", "nas.local", 2222, "/srv/backups"), l);
        assertFalse(l.relativeToHome());
        assertEquals("[nas.local]:2222", l.hostKeyName());
        assertEquals("sftp://ann@nas.local:2222/srv/backups", l.toString());
    }

    @Test
    void withoutAUserTheCurrentUserLogsInAndThePortIs22() {
        SftpLocation l = SftpLocation.parse("sftp://Example.org/data", "me");
        assertEquals(new SftpLocation("me", "example.org", 22, "/data"), l);
        assertEquals("example.org", l.hostKeyName());
    }

    @Test
    void aTildeMeansTheLoginFolder() {
        SftpLocation l = SftpLocation.parse("sftp://ann@host/~/backups/db", "me");
        assertEquals("backups/db", l.path());
        assertTrue(l.relativeToHome());
        assertEquals("sftp://ann@host/~/backups/db", l.toString());
        assertEquals("", SftpLocation.parse("sftp://ann@host/~", "me").path());
    }

    @Test
    void ipv6AddressesAreWrittenInBrackets() {
        SftpLocation l = SftpLocation.parse("sftp://ann@[2001:DB8::1]:2200/b", "me");
        assertEquals("2001:db8::1", l.host());
        assertEquals(2200, l.port());
        assertEquals("[2001:db8::1]:2200", l.hostKeyName());
        assertEquals("sftp://ann@[2001:db8::1]:2200/b", l.toString());
        assertEquals("::1", SftpLocation.parse("sftp://[::1]/b", "me").host());
    }

    @Test
    void percentEscapesAreDecoded() {
        SftpLocation l = SftpLocation.parse("sftp://ann%40corp@host/My%20Backups", "me");
        assertEquals("ann@corp", l.user());
        assertEquals("/My Backups", l.path());
    }

    @Test
    void malformedAddressesAreRefusedWithTheReason() {
        List<List<String>> cases = List.of(
                List.of("http://host/x", "sftp://"),
                List.of("sftp://host", "names no folder"),
                List.of("sftp://host/", "names no folder"),
                List.of("sftp://ann@/x", "no host"),
                List.of("sftp://2001:db8::1/x", "brackets"),
                List.of("sftp://[2001:db8::1/x", "closing ]"),
                List.of("sftp://[nas]/x", "not an IPv6"),
                List.of("sftp://host:0/x", "port"),
                List.of("sftp://host:70000/x", "port"),
                List.of("sftp://host:ssh/x", "port"),
                List.of("sftp://host/a/../b", ". or .."),
                List.of("sftp://host/a?x=1", "query"),
                List.of("sftp://ho st/a", "host name"),
                List.of("sftp://host/a%2", "two hex digits"),
                List.of("sftp://host/a%0Ab", "control character"));
        for (List<String> c : cases) {
            LifeboatException e = assertThrows(LifeboatException.class, () -> SftpLocation.parse(c.get(0), "me"), c.get(0));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains(c.get(1)), c.get(0) + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void aMissingUserWithNoCurrentUserIsRefused() {
        assertThrows(LifeboatException.class, () -> SftpLocation.parse("sftp://host/x", ""));
    }
}
