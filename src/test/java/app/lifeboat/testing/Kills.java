package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.lifeboat.core.io.FileSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the kill tests share: timing a run, killing at a chosen moment, and looking at what a killed run left. */
public final class Kills {
    private Kills() {}

    /** How long one uninterrupted run of {@code args} takes, in milliseconds. */
    public static long millisOf(LifeboatProcess lifeboat, String... args) throws Exception {
        long t0 = System.nanoTime();
        lifeboat.ok(args);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * How many commands have logged "started" in {@code home}'s log so far: a kill during JVM
     * start-up proves nothing about the operation, so tests count only kills after this grew.
     */
    public static long commandsStarted(Path home) throws Exception {
        Path log = home.resolve("logs/lifeboat.log");
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" started")).count();
        }
    }

    /** The committed sidecars in {@code folder}. */
    public static long sidecarCount(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(FileSafety.TEMP_PREFIX)).count();
        }
    }

    /** The names of Lifeboat's temporaries in {@code folder}. */
    public static List<String> temporaries(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(FileSafety.TEMP_PREFIX)).toList();
        }
    }

    /**
     * Starts {@code args}, waits until a new sidecar appears in {@code folder} (the pre-restore
     * backup, the step just before the swap), then SIGKILLs after a random delay up to
     * {@code maxDelayMillis}; true when it was killed (a run that finished first must succeed).
     */
    public static boolean killAfterNextSidecar(LifeboatProcess lifeboat, Path folder, long maxDelayMillis, Random random,
            String... args) throws Exception {
        long sidecars = sidecarCount(folder);
        LifeboatProcess.Run run = lifeboat.start(args);
        while (sidecarCount(folder) == sidecars && run.process.isAlive()) {
            Thread.sleep(1);
        }
        long delay = (long) (random.nextDouble() * maxDelayMillis);
        if (run.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
            LifeboatProcess.Result r = run.finish(1);
            assertEquals(0, r.exit(), "an uninterrupted run failed: " + r.err());
            return false;
        }
        run.kill();
        return true;
    }
}
