package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.core.io.FileSafety;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.LifeboatProcess;
import app.lifeboat.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) cancels a running backup cleanly: exit 130, as shells expect, and nothing partial left. */
class CtrlCIT {
    @TempDir
    Path dir;

    @Test
    void ctrlCDuringABackupExits130AndLeavesNoTemporaries() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this environment (a background job of a"
                + " non-interactive shell), so the child JVM would inherit that and no Ctrl-C could reach it");
        Path db = TestDatabases.create(dir.resolve("app.db"), 400_000); // about 30 MB: a backup takes a while
        new CliRunner(dir.resolve("home")).ok("add", db.toString(), "--name", "app");
        LifeboatProcess lifeboat = new LifeboatProcess(dir.resolve("home"), dir.resolve("logs"));
        Path log = dir.resolve("home/logs/lifeboat.log");
        int interrupted = 0;
        // On a quiet machine the backup can finish within the first delay: later tries signal sooner.
        int[] delaysMs = {50, 20, 5, 0, 100, 10};
        for (int attempt = 0; attempt < delaysMs.length && interrupted == 0; attempt++) {
            long before = startedLines(log);
            LifeboatProcess.Run run = lifeboat.start("backup", "app", "--force");
            while (startedLines(log) == before && run.process.isAlive()) {
                Thread.sleep(5);
            }
            Thread.sleep(delaysMs[attempt]); // inside the snapshot or the encoding, not at its first line
            new ProcessBuilder("kill", "-INT", Long.toString(run.process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            LifeboatProcess.Result r = run.finish(60);
            if (r.exit() == 0) {
                continue; // the backup won the race; try again
            }
            assertEquals(130, r.exit(), "Ctrl-C exits 130; stderr: " + r.err());
            interrupted++;
        }
        assertEquals(1, interrupted, "no run was interrupted in " + delaysMs.length + " tries");
        assertEquals(List.of(), temporaries(dir.resolve("home/backups/app")), "nothing partial in the destination");
        assertEquals(List.of(), temporaries(dir.resolve("home/tmp/app")), "nothing partial in the scratch folder");
        new CliRunner(dir.resolve("home")).ok("verify", "app", "--all");
    }

    /** Bit 2 (SIGINT) of SigIgn in /proc/self/status; children inherit an ignored signal, and so does the JVM. */
    private static boolean sigintIgnored() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    private static long startedLines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("lifeboat backup started")).count();
        }
    }

    private static List<String> temporaries(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(FileSafety.TEMP_PREFIX)).toList();
        }
    }
}
