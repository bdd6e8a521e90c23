package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.crypto.AgeKeys;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/restore-incremental.py restores versions made by the engine, byte for byte, without Lifeboat. */
class RestoreScriptTest {
    static final Path SCRIPT = Path.of("tools", "restore-incremental.py").toAbsolutePath();

    @TempDir
    Path dir;

    /** Debian's python3 carries python3-cryptography and python3-zstandard; a pyenv one on PATH may not. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    @Test
    void theScriptRestoresEveryVersionOfAPlainStore() throws Exception {
        Tools.require("python3");
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.plain());
        Path db = TestDatabases.create(dir.resolve("a.db"), 30_000); // large enough for a zstd dictionary
        List<String> ids = new ArrayList<>();
        List<Path> snaps = new ArrayList<>();
        for (String change : new String[] {"SELECT 1", "UPDATE notes SET body = 'b' WHERE id % 7 = 0", "VACUUM"}) {
            StoreFixture.sql(db, change);
            Path s = f.snapshot(db);
            snaps.add(s);
            ids.add(f.write(store, s).version().id());
        }
        assertTrue(Files.list(dir.resolve("store").resolve(Format.DICTS)).findAny().isPresent(), "frames use a dictionary");
        for (int i = 0; i < ids.size(); i++) {
            Path out = dir.resolve("py-" + i + ".db");
            Tools.sh(dir, python() + " " + SCRIPT + " " + dir.resolve("store") + " " + ids.get(i) + " " + out);
            assertArrayEquals(Files.readAllBytes(snaps.get(i)), Files.readAllBytes(out));
            assertEquals("ok", StoreFixture.integrity(out));
        }
    }

    @Test
    void theScriptRestoresAnEncryptedStoreWithTheAgeIdentity() throws Exception {
        Tools.require("python3");
        Tools.require("age");
        var id = AgeKeys.generate();
        Path idFile = dir.resolve("id.txt");
        Files.writeString(idFile, id.identity() + "\n");
        StoreFixture f = new StoreFixture(dir);
        IncrementalStore store = f.open(StoreAccess.encrypted(AgeKeys.writers(List.of(id.recipient()), null), id.recipient()));
        Path db = TestDatabases.create(dir.resolve("e.db"), 30_000);
        Path s1 = f.snapshot(db);
        String v1 = f.write(store, s1).version().id();
        StoreFixture.sql(db, "DELETE FROM notes WHERE id % 2 = 0");
        Path s2 = f.snapshot(db);
        String v2 = f.write(store, s2).version().id();
        store.deleteVersions(List.of(v1));
        store.prune(ProgressListener.NONE, Cancellation.none());
        Path out = dir.resolve("py.db");
        Tools.sh(dir, python() + " " + SCRIPT + " " + dir.resolve("store") + " " + v2 + " " + out + " --identity " + idFile);
        assertArrayEquals(Files.readAllBytes(s2), Files.readAllBytes(out));
        assertEquals("ok", StoreFixture.integrity(out));
    }
}
