package app.lifeboat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real GNOME keyring for tests: {@code dbus-run-session} starts a private session bus and, in it,
 * {@code gnome-keyring-daemon --unlock} with a new login keyring under a temporary home (never the
 * user's). Both end when this is closed: the session's last command waits on our stdin. Needs the
 * Debian packages {@code dbus} and {@code gnome-keyring} ({@code .ci/run} installs them); elsewhere
 * the test is skipped with that reason.
 */
public final class GnomeKeyring implements AutoCloseable {
    public static final String BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

    private final Process session;
    private final String address;

    private GnomeKeyring(Process session, String address) {
        this.session = session;
        this.address = address;
    }

    /** Starts the bus and the unlocked keyring, keeping their files in {@code dir}. */
    public static GnomeKeyring start(Path dir) throws IOException {
        Tools.require("dbus-run-session");
        Tools.require("gnome-keyring-daemon");
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder b = new ProcessBuilder("dbus-run-session", "--", "sh", "-c",
                "printf %s lifeboat-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1;"
                        + " echo \"$DBUS_SESSION_BUS_ADDRESS\"; exec cat >/dev/null");
        b.environment().put("HOME", home.toString());
        b.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        b.environment().put("XDG_RUNTIME_DIR", home.toString());
        b.environment().remove(BUS_VARIABLE);
        b.redirectError(dir.resolve("keyring-session.log").toFile());
        Process p = b.start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("unix:")) {
            p.destroyForcibly();
            throw new IOException("dbus-run-session did not give a session bus address (" + line + "); see "
                    + dir.resolve("keyring-session.log"));
        }
        return new GnomeKeyring(p, line.trim());
    }

    /** The session bus address, as a desktop session's environment has it. */
    public String address() {
        return address;
    }

    /** An environment with only this session's bus in it. */
    public Map<String, String> env() {
        return Map.of(BUS_VARIABLE, address);
    }

    @Override
    public void close() throws Exception {
        // The keyring daemon is a grandchild that may still be writing into the test's folder when
        // the session ends: wait for it too, or the temp folder's deletion races it.
        List<ProcessHandle> daemons = session.descendants().toList();
        session.getOutputStream().close();
        if (!session.waitFor(10, TimeUnit.SECONDS)) {
            session.destroyForcibly().waitFor();
        }
        for (ProcessHandle d : daemons) {
            try {
                d.onExit().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                d.destroyForcibly();
                d.onExit().get(5, TimeUnit.SECONDS);
            }
        }
    }
}
