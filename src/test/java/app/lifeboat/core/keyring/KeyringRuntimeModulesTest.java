package app.lifeboat.core.keyring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.GnomeKeyring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app runs on a jlinked runtime with only the JDK modules in
 * packaging/jpackage-common.txt; the keyring's D-Bus library needs one nothing else does
 * ({@code jdk.security.auth}), so this talks to a real keyring from a JVM limited to that list.
 */
class KeyringRuntimeModulesTest {
    @TempDir
    Path dir;

    @Test
    void theKeyringWorksWithOnlyThePackagedRuntimesModules() throws Exception {
        String modules = Files.readAllLines(Path.of("packaging/jpackage-common.txt")).stream()
                .filter(l -> l.startsWith("--add-modules ")).findFirst().orElseThrow().substring("--add-modules ".length());
        String jdkModules = Arrays.stream(modules.split(",")).filter(m -> !m.startsWith("javafx.")).collect(Collectors.joining(","));
        try (GnomeKeyring session = GnomeKeyring.start(dir)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(List.of(java.toString(), "--limit-modules", jdkModules, "-cp",
                    System.getProperty("java.class.path"), Probe.class.getName(), session.address()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("read back: probe secret"), out);
        }
    }

    /** Runs in the limited JVM: stores, reads back and deletes one entry. */
    public static final class Probe {
        public static void main(String[] args) {
            JavaKeyring k = new JavaKeyring(Map.of(GnomeKeyring.BUS_VARIABLE, args[0]), Duration.ofSeconds(20));
            k.write("probe/password", "probe secret".toCharArray());
            String back = new String(k.read("probe/password"));
            k.delete("probe/password");
            System.out.println("read back: " + back); // the child's report to its test
        }
    }
}
