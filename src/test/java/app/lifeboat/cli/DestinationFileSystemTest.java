package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations on a full and on a read-only file system: a small tmpfs mounted under the temp
 * folder. Skipped where mounting is not permitted (not root, no CAP_SYS_ADMIN); always unmounted.
 */
class DestinationFileSystemTest {
    @TempDir
    Path dir;

    Path mnt;
    boolean mounted;
    CliRunner lifeboat;
    Path home;
    Path db;

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        lifeboat = new CliRunner(home);
        mnt = Files.createDirectory(dir.resolve("mnt"));
        db = TestDatabases.create(dir.resolve("app.db"), 60_000); // about 4 MB
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && sh("umount", mnt.toString()) != 0) {
            sh("umount", "-l", mnt.toString());
        }
    }

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private void mountTmpfs(String size) throws Exception {
        Tools.requireUnlessLocal(sh("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mnt.toString()) == 0,
                "mounting a tmpfs is not permitted here (it needs root)");
        mounted = true;
    }

    private void remountReadOnly() throws Exception {
        assertEquals(0, sh("mount", "-o", "remount,ro", mnt.toString()));
    }

    @Test
    void backupToDestinationWithoutRoomFailsBeforeWritingAnything() throws Exception {
        mountTmpfs("6m");
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", mnt.toString());
        Map<String, String> homeBefore = CliRunner.tree(home);

        lifeboat.run("backup", "app").failsWith(1, "not enough free space");

        assertEquals(Map.of(), CliRunner.tree(mnt));
        assertEquals(homeBefore, CliRunner.tree(home));
        CliRunner.Outcome status = lifeboat.run("status");
        assertEquals(1, status.exit());
        assertTrue(status.out().contains("free at " + mnt), status.out());
    }

    @Test
    void backupToReadOnlyDestinationFailsAndWritesNothing() throws Exception {
        mountTmpfs("64m");
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", mnt.toString());
        remountReadOnly();

        lifeboat.run("backup", "app").failsWith(1, "not writable");

        assertEquals(Map.of(), CliRunner.tree(mnt));
        assertTrue(lifeboat.run("status").out().contains("not writable"));
    }

    @Test
    void backupsOnReadOnlyDestinationStillListAndVerify() throws Exception {
        mountTmpfs("64m");
        lifeboat.ok("add", db.toString(), "--name", "app", "--dest", mnt.toString());
        lifeboat.ok("backup", "app");
        remountReadOnly();
        Map<String, String> before = CliRunner.tree(mnt);

        lifeboat.ok("list", "app");
        assertTrue(lifeboat.ok("verify", "app").out().contains(": ok"));

        assertEquals(before, CliRunner.tree(mnt));
    }

    @Test
    void restoreIntoFullFileSystemFailsAndLeavesNothing() throws Exception {
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        mountTmpfs("1m");

        lifeboat.run("restore", "app", "--to", mnt.resolve("restored.db").toString(), "--yes")
                .failsWith(1, "free space");

        assertEquals(Map.of(), CliRunner.tree(mnt));
    }

    @Test
    void restoreIntoReadOnlyFileSystemFailsAndLeavesNothing() throws Exception {
        lifeboat.ok("add", db.toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        mountTmpfs("64m");
        remountReadOnly();

        lifeboat.run("restore", "app", "--to", mnt.resolve("restored.db").toString(), "--yes").failsWith(1, "cannot write");

        assertEquals(Map.of(), CliRunner.tree(mnt));
    }
}
