package app.lifeboat.core.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.testing.SftpTestServer;
import app.lifeboat.testing.SshKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app runs on a jlinked runtime with only the JDK modules listed in
 * packaging/jpackage-common.txt. MINA SSHD needs some that nothing else does, so this runs an SFTP
 * connection in a JVM limited to that list: a missing module fails here, not in a user's backup.
 */
class SftpRuntimeModulesTest {
    @TempDir
    Path dir;

    @Test
    void anSftpConnectionWorksWithOnlyThePackagedRuntimesModules() throws Exception {
        String modules = Files.readAllLines(Path.of("packaging/jpackage-common.txt")).stream()
                .filter(l -> l.startsWith("--add-modules ")).findFirst().orElseThrow().substring("--add-modules ".length());
        String jdkModules = Arrays.stream(modules.split(",")).filter(m -> !m.startsWith("javafx.")).collect(Collectors.joining(","));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--limit-modules", jdkModules, "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("listed [a]") && out.contains("refused HOST_KEY_NOT_TRUSTED"), out);
    }

    /** Runs in the limited JVM: a login, an upload, a listing, and a refused host key. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            try (SftpTestServer server = new SftpTestServer(Files.createDirectories(dir.resolve("root")))) {
                Path key = SshKeys.writePrivate(server.clientKey(), dir.resolve("id"));
                Path known = SshKeys.knownHosts(dir.resolve("known_hosts"), server.hostKey(), server.port());
                SftpLocation loc = SftpLocation.parse("sftp://u@127.0.0.1:" + server.port() + "/d");
                SftpOptions o = new SftpOptions("probe", loc, SftpAuth.identity(key, null), known, dir.resolve("lkh"), null,
                        Duration.ofSeconds(10));
                try (SftpDestination d = new SftpDestination(o, Map.of(), dir.resolve("scratch"))) {
                    d.writeAtomically("a", new byte[] {1});
                    Files.writeString(dir.resolve("out"), "listed " + d.list() + "\n");
                }
                SftpOptions unknown = new SftpOptions("probe", loc, o.auth(), dir.resolve("none"), dir.resolve("lkh2"), null,
                        Duration.ofSeconds(10));
                try (SftpDestination d = new SftpDestination(unknown, Map.of(), dir.resolve("scratch"))) {
                    d.list();
                } catch (LifeboatException e) {
                    Files.writeString(dir.resolve("out"), "refused " + e.code() + "\n", StandardOpenOption.APPEND);
                }
            }
            System.out.print(Files.readString(dir.resolve("out"))); // the child's report to its test
        }
    }
}
