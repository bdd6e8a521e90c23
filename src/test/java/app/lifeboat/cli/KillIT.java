package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.Catalog;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.Content;
import app.lifeboat.testing.Kills;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILLs the CLI at random moments during {@code backup} and during {@code restore} over the
 * live database, many times. Afterwards every listed backup has its file and verifies, the next
 * run removes the temporaries, and the restored database is intact and holds either its old or
 * its restored content, never a mix. The seed is printed in failures ({@code -Dlifeboat.kill.seed}
 * replays one).
 */
class KillIT {
    /** {@code -Dlifeboat.kills=N} runs N backup kills and N restore kills per mode for a deeper run. */
    private static final int BACKUP_KILLS = Integer.getInteger("lifeboat.kills", 12);
    /** Per journal mode; restores take longer than backups. */
    private static final int RESTORE_KILLS = Integer.getInteger("lifeboat.kills", 6);

    @TempDir
    Path dir;

    LifeboatProcess lifeboat;
    Path db;
    Path folder;
    long seed;
    Random random;

    @BeforeEach
    void setUp() throws Exception {
        lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        db = TestDatabases.create(dir.resolve("app.db"), 40_000); // about 3 MB
        new CliRunner(dir.resolve("home")).ok("add", db.toString(), "--name", "app", "--max-count", "3", "--storage", "full");
        folder = dir.resolve("home/backups/app");
        seed = Long.getLong("lifeboat.kill.seed", System.nanoTime());
        random = new Random(seed);
    }

    @Test
    void backupKilledAtRandomMomentsLeavesOnlyVerifiableBackupsAndNextRunRemovesTemporaries() throws Exception {
        long startupMillis = Kills.millisOf(lifeboat, "--version");
        long fullMillis = Kills.millisOf(lifeboat, "backup", "app");
        int killed = 0;
        // A backup of this small database is over a few hundred milliseconds after start-up, and
        // on a loaded machine the random moments can miss most of them; go on (up to 3x) until a
        // fair share was killed mid-way, as the restore test does.
        for (int i = 0; i < BACKUP_KILLS || (killed < BACKUP_KILLS / 3 && i < BACKUP_KILLS * 3); i++) {
            if (runAndMaybeKill(startupMillis, fullMillis, "backup", "app")) {
                killed++;
            }
            assertListedBackupsHaveTheirFiles("after kill " + i);
        }
        assertTrue(killed >= BACKUP_KILLS / 3, "a fair share of runs should have been killed mid-way (" + killed + "), seed " + seed);

        lifeboat.ok("backup", "app");
        assertEquals(List.of(), Kills.temporaries(folder), "the next run removes what killed runs left, seed " + seed);
        assertEquals(Set.of(), unreferencedFiles(), "stored files without a sidecar are pruned, seed " + seed);
        lifeboat.ok("verify", "app", "--all");
        assertEquals(List.of("ok"), Content.integrityCheck(db), "the source is never harmed");
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void restoreKilledAtRandomMomentsLeavesTargetOldOrRestoredAndIntact(String journalMode) throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode = " + journalMode).close();
        }
        lifeboat.ok("backup", "app");
        String backupId = new ObjectMapper().readTree(lifeboat.ok("list", "app", "--json").out()).get(0).get("id").asText();
        lifeboat.ok("pin", "app", backupId);
        String restoredState = Content.digest(db);
        editSource();
        String oldState = Content.digest(db);

        long startupMillis = Kills.millisOf(lifeboat, "--version");
        long fullMillis = Kills.millisOf(lifeboat, "restore", "app", backupId, "--yes");
        assertEquals(restoredState, Content.digest(db));
        int killed = 0;
        // Restores of this small database take a few hundred milliseconds after start-up, so a
        // random moment can miss them all on a fast run; go on (up to 3x) until one was killed.
        for (int i = 0; i < RESTORE_KILLS || (killed == 0 && i < RESTORE_KILLS * 3); i++) {
            if (!Content.digest(db).equals(oldState)) {
                editSource();
            }
            boolean wasKilled = i % 2 == 0
                    ? runAndMaybeKill(startupMillis, fullMillis, "restore", "app", backupId, "--yes")
                    : Kills.killAfterNextSidecar(lifeboat, folder, fullMillis / 5, random, "restore", "app", backupId, "--yes");
            if (wasKilled) {
                killed++;
            }
            // What the database's own application sees when it next opens the file:
            assertEquals(List.of("ok"), Content.integrityCheck(db), "after kill " + i + ", seed " + seed);
            String state = Content.digest(db);
            assertTrue(state.equals(oldState) || state.equals(restoredState),
                    "after kill " + i + " the database holds neither the old nor the restored content, seed " + seed);
            assertListedBackupsHaveTheirFiles("after kill " + i);
        }
        assertTrue(killed >= 1, "runs should have been killed mid-way (" + killed + "), seed " + seed);

        lifeboat.ok("verify", "app", "--all");
        lifeboat.ok("restore", "app", backupId, "--yes");
        assertEquals(restoredState, Content.digest(db));
        assertEquals(journalMode.toLowerCase(Locale.ROOT),
                Content.journalMode(db), "the restore keeps the journal mode");
        assertEquals(List.of(), Kills.temporaries(folder), "the next run removes what killed runs left, seed " + seed);
        assertEquals(List.of(), Kills.temporaries(db.getParent()), "nothing is left beside the database, seed " + seed);
    }

    @Test
    void restoreToNewFileKilledAtRandomMomentsNeverLeavesPartialFileAtThatPath() throws Exception {
        lifeboat.ok("backup", "app");
        String expected = Content.digest(db);
        Path out = Files.createDirectory(dir.resolve("out"));
        Path target = out.resolve("restored.db");
        long startupMillis = Kills.millisOf(lifeboat, "--version");
        long fullMillis = Kills.millisOf(lifeboat, "restore", "app", "--to", target.toString(), "--yes");
        int killed = 0;
        for (int i = 0; i < Math.max(4, RESTORE_KILLS * 3 / 4); i++) {
            Files.deleteIfExists(target);
            if (runAndMaybeKill(startupMillis, fullMillis, "restore", "app", "--to", target.toString(), "--yes")) {
                killed++;
            }
            if (Files.exists(target)) {
                assertEquals(List.of("ok"), Content.integrityCheck(target), "after kill " + i + ", seed " + seed);
                assertEquals(expected, Content.digest(target), "after kill " + i + ", seed " + seed);
            }
        }
        assertTrue(killed >= 1, "runs should have been killed mid-way (" + killed + "), seed " + seed);
        Files.deleteIfExists(target);
        lifeboat.ok("restore", "app", "--to", target.toString(), "--yes");
        assertEquals(expected, Content.digest(target));
        assertEquals(List.of(), Kills.temporaries(out), "the next restore into that folder removes what killed runs left");
    }

    /** Changes every page of the notes table the same way each time, so the old state has one digest. */
    private void editSource() throws Exception {
        try (Connection c = Content.openAsApp(db); Statement s = c.createStatement()) {
            s.execute("UPDATE notes SET body = body || ' (edited)'");
            s.execute("DELETE FROM notes WHERE id % 5 = 0");
            s.execute("INSERT INTO users(name) VALUES ('edited')");
        }
    }

    /** The shortest uninterrupted run seen, so kill moments keep landing inside runs that got faster. */
    private long fastestMillis = Long.MAX_VALUE;

    /**
     * Starts the CLI and SIGKILLs it after a random delay between the JVM start-up time and
     * 90% of the time a whole run took; returns whether it was killed after the command had
     * started its work (a run that finished must succeed). Runs vary in length, so some finish.
     */
    private boolean runAndMaybeKill(long startupMillis, long fullMillis, String... args) throws Exception {
        long startedBefore = Kills.commandsStarted(dir.resolve("home"));
        long from = startupMillis;
        long full = Math.min(fullMillis, fastestMillis);
        long delay = from + (long) (random.nextDouble() * Math.max(1, full * 9 / 10 - from));
        long started = System.nanoTime();
        LifeboatProcess.Run run = lifeboat.start(args);
        if (run.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
            fastestMillis = Math.min(fastestMillis, (System.nanoTime() - started) / 1_000_000);
            LifeboatProcess.Result r = run.finish(1);
            assertEquals(0, r.exit(), "an uninterrupted run failed: " + r.err());
            return false;
        }
        run.kill();
        // A kill during JVM start-up proves nothing about the operation: count only kills that
        // landed after the command logged that it started.
        return Kills.commandsStarted(dir.resolve("home")) > startedBefore;
    }

    private List<BackupRecord> listed() {
        Catalog.Listing listing = new Catalog(new LocalFolderDestination(folder)).scan();
        assertEquals(List.of(), listing.problems(), "a killed run must never leave a half-written sidecar, seed " + seed);
        return listing.records();
    }

    private void assertListedBackupsHaveTheirFiles(String when) {
        for (BackupRecord r : listed()) {
            assertTrue(Files.isRegularFile(folder.resolve(r.file())),
                    when + ": backup " + r.id() + " is listed but its file is missing, seed " + seed);
        }
    }

    private Set<String> unreferencedFiles() throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        for (BackupRecord r : listed()) {
            names.remove(r.file());
            names.remove(r.sidecarName());
        }
        return names;
    }
}
