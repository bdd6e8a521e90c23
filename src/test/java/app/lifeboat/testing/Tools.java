package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real command-line tools that interop tests compare against (sqlite3, sqlcipher, age,
 * zstd, gzip). On CI they must exist ({@code .ci/run} installs them); elsewhere a missing tool
 * skips the test instead of failing it.
 */
public final class Tools {
    private Tools() {}

    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                found = true;
                break;
            }
        }
        if (!found) {
            if (System.getenv("CI") != null) {
                fail(tool + " is not installed, but CI must run this interop test (.ci/run installs it)");
            }
            Assumptions.abort(tool + " is not installed");
        }
    }

    /**
     * Skips the test when {@code available} is false, except on CI ({@code CI} set), where what it
     * needs is installed by {@code .ci/run} and a skip would hide that the test never ran.
     */
    public static void requireUnlessLocal(boolean available, String what) {
        if (!available) {
            if (System.getenv("CI") != null) {
                fail(what + " — CI must run this test (.ci/run provides it)");
            }
            Assumptions.abort(what);
        }
    }

    /** Runs a shell command line in {@code dir}, feeding {@code stdin}; returns stdout, fails on a non-zero exit. */
    public static String sh(Path dir, String command, String stdin) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(false).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] err = new byte[0];
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            assertEquals(0, p.exitValue(), command + " failed: " + new String(err, StandardCharsets.UTF_8) + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String sh(Path dir, String command) {
        return sh(dir, command, null);
    }

    public static List<String> lines(String out) {
        return out.lines().toList();
    }
}
