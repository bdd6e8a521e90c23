package app.lifeboat.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The folder is a flat namespace: a name that would resolve anywhere but directly inside it is
 * refused by every method, whoever passes it (a tampered sidecar, a bug), and nothing outside
 * the folder is read, written or deleted.
 */
class LocalFolderDestinationTest {
    @TempDir
    Path dir;

    LocalFolderDestination dest;
    Path outside;
    Path inSub;

    @BeforeEach
    void setUp() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("backups/app"));
        Files.createDirectories(folder.resolve("sub"));
        dest = new LocalFolderDestination(folder);
        outside = Files.writeString(dir.resolve("x"), "outside");
        inSub = Files.writeString(folder.resolve("sub/x"), "in a subfolder");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"../../x", "..", ".", "", "sub/x", "sub\\x", "./x", "x/", "x\u0000y", "a\nb", "ABSOLUTE"})
    void everyMethodRefusesANameThatIsNotPlain(String given) throws Exception {
        String name = given.equals("ABSOLUTE") ? outside.toString() : given;
        List<Executable> calls = List.of(
                () -> dest.exists(name), () -> dest.sizeBytes(name), () -> dest.open(name).close(),
                () -> dest.localCopy(name).close(), () -> dest.delete(name), () -> dest.locationOf(name),
                () -> dest.writeAtomically(name, new byte[] {1}), () -> dest.stage(name).close());
        for (Executable call : calls) {
            LifeboatException e = assertThrows(LifeboatException.class, call, name);
            assertEquals(ErrorCode.MALFORMED_METADATA, e.code());
            assertTrue(e.getMessage().contains("only plain file names"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "a name's control characters are shown, not obeyed");
        }
        assertEquals("outside", Files.readString(outside));
        assertEquals("in a subfolder", Files.readString(inSub));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"20261122T100000Z-aaaa.db", "x", "..x", "x..", "a.b.c", "ünïcode", "my:db.sqlite"})
    void plainNamesAreUsedAsThey(String name) throws Exception {
        dest.writeAtomically(name, new byte[] {7});

        assertTrue(dest.exists(name));
        assertEquals(1, dest.sizeBytes(name));
        assertEquals(dest.folder().resolve(name).toString(), dest.locationOf(name));
        dest.delete(name);
        assertFalse(dest.exists(name));
    }
}
