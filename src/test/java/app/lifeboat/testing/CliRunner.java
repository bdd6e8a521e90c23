package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.cli.Cli;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the command line in this JVM (the same {@link Cli#run} that {@code lifeboat.jar} calls),
 * which is fast enough for tables of bad-input cases, and checks the shape of its errors.
 */
public final class CliRunner {
    private final Path home;

    public CliRunner(Path home) {
        this.home = home;
    }

    public Outcome run(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    public Outcome ok(String... args) {
        Outcome o = run(args);
        assertEquals(0, o.exit(), "lifeboat " + String.join(" ", args) + "\nstdout: " + o.out() + "\nstderr: " + o.err());
        return o;
    }

    /** The id of the newest backup {@code name} lists ({@code list NAME --json}, newest first). */
    public String newestBackupId(String name) {
        try {
            return new ObjectMapper().readTree(ok("list", name, "--json").out()).get(0).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exit code and output of one run. */
    public record Outcome(int exit, String out, String err) {
        /** Asserts the exit code and that stderr is exactly one {@code error: <what> — <what to do>} line. */
        public Outcome failsWith(int expectedExit, String messagePart) {
            assertEquals(expectedExit, exit, "exit code; stderr: " + err);
            assertOneErrorLine(err);
            assertTrue(err.contains(messagePart), "stderr should mention '" + messagePart + "': " + err);
            return this;
        }
    }

    /** One line, {@code error: } first, a dash between what is wrong and what to do, no stack trace. */
    public static void assertOneErrorLine(String stderr) {
        String e = stderr.strip();
        assertFalse(e.contains("\n"), "stderr must be one line: " + stderr);
        assertTrue(e.startsWith("error: "), "stderr must start with 'error: ': " + stderr);
        assertTrue(e.contains(" — "), "stderr must say what to do after ' — ': " + stderr);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace or exception names: " + stderr);
    }

    /**
     * Every file under {@code root} with its size and modification time (folders are not counted:
     * an empty private folder for a database's backups is harmless), except the lock files
     * (reused, never removed; they say what holds them), the last-run notes in {@code state/} (a
     * failed run is recorded on purpose, for the health warnings) and the log in {@code logs/}
     * (every failure is logged on purpose).
     */
    public static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isDirectory(p) || rel.endsWith(".lock") || rel.startsWith("state")
                        || rel.startsWith("logs")) {
                    continue;
                }
                out.put(rel, Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
