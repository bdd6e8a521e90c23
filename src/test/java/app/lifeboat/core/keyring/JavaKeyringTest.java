package app.lifeboat.core.keyring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.GnomeKeyring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java-keyring adapter against a real gnome-keyring on a private D-Bus session. */
class JavaKeyringTest {
    @TempDir
    static Path dir;

    private static GnomeKeyring session;

    @BeforeAll
    static void startKeyring() throws Exception {
        session = GnomeKeyring.start(dir);
    }

    @AfterAll
    static void stopKeyring() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    private static JavaKeyring keyring() {
        return new JavaKeyring(session.env(), Duration.ofSeconds(20));
    }

    @Test
    void storedSecretReadsBackAndIsReplacedAndDeleted() {
        JavaKeyring k = keyring();
        assertNull(k.unavailableReason());
        k.write("nas/password", "first é secret".toCharArray());
        assertArrayEquals("first é secret".toCharArray(), keyring().read("nas/password"), "a new connection reads it back");
        k.write("nas/password", "second".toCharArray());
        assertArrayEquals("second".toCharArray(), k.read("nas/password"), "writing again replaces the entry");
        k.delete("nas/password");
        assertNull(k.read("nas/password"));
    }

    @Test
    void missingEntryReadsAsNullAndDeletingItIsNoError() {
        JavaKeyring k = keyring();
        assertNull(k.read("nobody/password"));
        k.delete("nobody/password");
        assertNull(k.read("nobody/password"));
    }

    @Test
    void entriesOfOneAccountDoNotLeakIntoAnother() {
        JavaKeyring k = keyring();
        k.write("a/password", "for a".toCharArray());
        k.write("b/password", "for b".toCharArray());
        assertArrayEquals("for a".toCharArray(), k.read("a/password"));
        assertArrayEquals("for b".toCharArray(), k.read("b/password"));
        k.delete("a/password");
        assertNull(k.read("a/password"));
        assertArrayEquals("for b".toCharArray(), k.read("b/password"));
    }

    @Test
    void withoutASessionBusTheKeyringIsUnavailableAtOnceWithTheReason() {
        JavaKeyring k = new JavaKeyring(Map.of(), Duration.ofSeconds(20));
        String reason = k.unavailableReason();
        assertTrue(reason != null && reason.contains("no desktop session"), reason);
        KeyringUnavailableException e = assertThrows(KeyringUnavailableException.class, () -> k.read("nas/password"));
        assertTrue(e.getMessage().contains("no desktop session"), e.getMessage());
    }

    @Test
    void aBusThatIsGoneIsUnavailable() {
        JavaKeyring k = new JavaKeyring(Map.of(GnomeKeyring.BUS_VARIABLE, "unix:path=" + dir.resolve("no-such-bus")),
                Duration.ofSeconds(20));
        assertThrows(KeyringUnavailableException.class, () -> k.write("nas/password", "x".toCharArray()));
        assertTrue(k.unavailableReason() != null);
    }
}
