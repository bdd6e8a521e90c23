package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs {@code copy} while it sends queued copies to a second destination: whenever it is
 * killed, every copy listed there is complete (a listed copy has all its bytes), and the next run
 * sends the rest and removes what the killed runs left.
 */
class CopyKillIT {
    @TempDir
    Path dir;

    @Test
    void copyKilledMidWayNeverLeavesAListedCopyThatIsIncomplete() throws Exception {
        long seed = Long.getLong("lifeboat.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        Path usb = Files.createDirectories(dir.resolve("usb"));
        Path away = dir.resolve("usb-unplugged");
        Path db = TestDatabases.create(dir.resolve("app.db"), 150_000); // about 12 MB, stored uncompressed
        lifeboat.ok("destination", "add", "usb", usb.toString());
        lifeboat.ok("add", db.toString(), "--name", "app", "--compression", "none", "--keep-last", "10");
        lifeboat.ok("set", "app", "--copy-to", "usb", "--copy-keep-last", "10");
        Files.move(usb, away);
        for (int i = 0; i < 4; i++) {
            lifeboat.ok("backup", "app", "--force"); // each copy waits in the queue
        }
        Files.move(away, usb);
        Path there = usb.resolve("app");

        int killedWhileWriting = 0;
        for (int i = 0; i < 6; i++) {
            LifeboatProcess.Run run = lifeboat.start("copy", "app");
            // Wait until the run is writing a copy (a temporary appears there), then kill at once or soon after.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (run.process.isAlive() && temporaries(there).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (run.process.waitFor(random.nextInt(40), TimeUnit.MILLISECONDS)) {
                run.finish(1);
            } else {
                run.kill();
                killedWhileWriting++;
            }
            assertListedCopiesAreComplete(there, "after kill " + i + ", seed " + seed);
        }
        assertTrue(killedWhileWriting >= 1, "a run was killed while writing a copy, seed " + seed);

        lifeboat.ok("copy", "app");
        assertEquals(4, assertListedCopiesAreComplete(there, "at the end").size(), "all four copies are there");
        lifeboat.ok("verify", "app", "--all", "--at", "usb");
        assertEquals(List.of(), temporaries(there), "the next run removed what killed runs left, seed " + seed);
        try (Stream<Path> s = Files.list(there)) {
            assertEquals(8, s.count(), "four stored files and four sidecars, nothing else");
        }
    }

    @Test
    void anIncrementalCopyKilledMidWayListsOnlyVersionsThatVerify() throws Exception {
        long seed = Long.getLong("lifeboat.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        Path usb = Files.createDirectories(dir.resolve("usb"));
        Path away = dir.resolve("usb-unplugged");
        Path db = TestDatabases.create(dir.resolve("app.db"), 150_000);
        lifeboat.ok("destination", "add", "usb", usb.toString());
        lifeboat.ok("add", db.toString(), "--name", "app", "--storage", "incremental", "--keep-last", "10");
        lifeboat.ok("set", "app", "--copy-to", "usb", "--copy-keep-last", "10");
        Files.move(usb, away);
        for (int i = 0; i < 3; i++) {
            IncrementalStorageTest.sql(db, "UPDATE notes SET body = 'round " + i + "' WHERE id % " + (7 + i) + " = 0");
            lifeboat.ok("backup", "app", "--force");
        }
        Files.move(away, usb);
        Path store = usb.resolve("app/incremental");

        int killed = 0;
        for (int i = 0; i < 5; i++) {
            LifeboatProcess.Run run = lifeboat.start("copy", "app");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (run.process.isAlive() && temporaries(store.resolve("data")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (run.process.waitFor(random.nextInt(200), TimeUnit.MILLISECONDS)) {
                run.finish(1);
            } else {
                run.kill();
                killed++;
            }
            // Every copy listed there restores and verifies, whatever the moment of the kill.
            lifeboat.ok("verify", "app", "--all", "--at", "usb");
        }
        assertTrue(killed >= 1, "a run was killed while writing a copy, seed " + seed);
        lifeboat.ok("copy", "app");
        String verify = lifeboat.ok("verify", "app", "--all", "--at", "usb").out();
        assertEquals(3, verify.lines().filter(l -> l.contains("all checks passed")).count(), verify + " seed " + seed);
        String whole = lifeboat.ok("verify", "app", "--store", "--at", "usb").out();
        assertTrue(whole.contains("incremental store of app at usb: 3 versions"), whole);
    }

    private static List<BackupRecord> assertListedCopiesAreComplete(Path there, String when) throws Exception {
        if (!Files.isDirectory(there)) {
            return List.of();
        }
        Catalog.Listing listing = new Catalog(new LocalFolderDestination(there)).scan();
        assertEquals(List.of(), listing.problems(), when + ": a half-written sidecar");
        for (BackupRecord r : listing.records()) {
            Path file = there.resolve(r.file());
            assertTrue(Files.isRegularFile(file) && Files.size(file) == r.storedSizeBytes(),
                    when + ": copy " + r.id() + " is listed but its file is missing or short");
        }
        return listing.records();
    }

    private static List<Path> temporaries(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileSafety.TEMP_PREFIX)).toList();
        }
    }
}
