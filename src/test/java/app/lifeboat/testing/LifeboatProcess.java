package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code target/lifeboat.jar} as a real second process with its own home, capturing stdout
 * and stderr in files (pipes could fill up and block a process that is about to be killed).
 */
public final class LifeboatProcess {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path home;
    private final Path logs;

    public LifeboatProcess(Path home, Path logs) throws IOException {
        this.home = home;
        this.logs = Files.createDirectories(logs);
    }

    public Path home() {
        return home;
    }

    /** The packaged jar; failsafe passes its path in {@code lifeboat.jar}. */
    public static Path jar() {
        String p = System.getProperty("lifeboat.jar");
        assertTrue(p != null && Files.isRegularFile(Path.of(p)),
                "run through 'mvn verify': the integration tests need target/lifeboat.jar (lifeboat.jar=" + p + ")");
        return Path.of(p);
    }

    /** The java command of this JVM with the test class path, to start a helper main. */
    public static List<String> javaWithTestClassPath(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A started CLI run; {@link #finish} waits for it and reads its output. */
    public final class Run {
        public final Process process;
        private final Path out;
        private final Path err;

        Run(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public Result finish(long timeoutSeconds) throws Exception {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("lifeboat did not finish within " + timeoutSeconds + " s; stderr: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /** SIGKILL, as a power cut or the OOM killer would. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    public Run start(String... args) throws IOException {
        int n = RUNS.incrementAndGet();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + Files.createDirectories(logs.resolve("jtmp")), "-jar", jar().toString(),
                "--home", home.toString()));
        cmd.addAll(List.of(args));
        Path out = logs.resolve("run-" + n + ".out");
        Path err = logs.resolve("run-" + n + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close(); // stdin is not a terminal, and at EOF
        return new Run(p, out, err);
    }

    public Result run(String... args) throws Exception {
        return start(args).finish(180);
    }

    /** Runs and fails the test unless the exit code is 0. */
    public Result ok(String... args) throws Exception {
        Result r = run(args);
        if (r.exit() != 0) {
            fail("lifeboat " + String.join(" ", args) + " exited " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        }
        return r;
    }

    /** Exit code and output of a finished run. */
    public record Result(int exit, String out, String err) {}
}
