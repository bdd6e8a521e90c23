package app.lifeboat.platform;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operating system's own timer for {@code lifeboat run-due}, so backups happen while the app
 * is closed: a systemd user timer on Linux (written here), and the equivalent crontab line,
 * launchd agent or Task Scheduler command for the other platforms (printed for the user).
 * Every 15 minutes is enough: run-due itself decides what is due.
 */
public final class OsTimer {
    public static final String SERVICE = "lifeboat-run-due.service";
    public static final String TIMER = "lifeboat-run-due.timer";

    private OsTimer() {}

    /** The folder systemd reads user units from: $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user. */
    public static Path systemdUserDir(Map<String, String> env, Path userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".config");
        return base.resolve("systemd").resolve("user");
    }

    /**
     * How the timer starts run-due for the running app. In the installed app (jpackage sets
     * {@code jpackage.app-path} to its native launcher) that launcher is the command: it takes no
     * {@code -jar}. Otherwise the running java with the jar {@code anchor} was loaded from.
     */
    public static List<String> commandForThisApp(Path home, Class<?> anchor) {
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && !launcher.isBlank()) {
            return launcherCommand(Path.of(launcher), home);
        }
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        try {
            return command(java, Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()), home);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the running jar", e);
        }
    }

    /** This user's systemd unit folder, from the environment. */
    public static Path systemdUserDir() {
        return systemdUserDir(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Whether the timer is installed for this user (Linux: its unit file exists); false elsewhere. */
    public static boolean installed() {
        return isLinux() && Files.isRegularFile(systemdUserDir().resolve(TIMER));
    }

    public static boolean isLinux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The command line run-due is started with, e.g. {@code /usr/bin/java -jar /opt/lifeboat.jar --home H run-due}. */
    public static List<String> command(Path java, Path jar, Path home) {
        return List.of(java.toString(), "-jar", jar.toString(), "--home", home.toString(), "run-due");
    }

    /**
     * The command line for an installed app, whose native launcher (jpackage's {@code bin/lifeboat},
     * {@code Lifeboat.exe}) already knows its runtime and jar: {@code LAUNCHER --home H run-due}.
     */
    public static List<String> launcherCommand(Path launcher, Path home) {
        return List.of(launcher.toString(), "--home", home.toString(), "run-due");
    }

    public static String serviceUnit(List<String> command) {
        return "[Unit]\n"
                + "Description=Lifeboat: run due SQLite backups and re-verifications\n"
                + "\n"
                + "[Service]\n"
                + "Type=oneshot\n"
                + "ExecStart=" + systemdQuote(command) + "\n"
                + "Nice=10\n"
                + "IOSchedulingClass=idle\n";
    }

    public static String timerUnit() {
        return "[Unit]\n"
                + "Description=Lifeboat: check for due backups every 15 minutes\n"
                + "\n"
                + "[Timer]\n"
                + "OnCalendar=*:0/15\n"
                + "Persistent=true\n"
                + "RandomizedDelaySec=60\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=timers.target\n";
    }

    public static String crontabLine(List<String> command) {
        return "*/15 * * * * " + shellQuote(command);
    }

    public static String launchdPlist(List<String> command) {
        StringBuilder args = new StringBuilder();
        for (String a : command) {
            args.append("    <string>").append(a.replace("&", "&amp;").replace("<", "&lt;")).append("</string>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<plist version=\"1.0\"><dict>\n"
                + "  <key>Label</key><string>app.lifeboat.run-due</string>\n"
                + "  <key>ProgramArguments</key><array>\n" + args
                + "  </array>\n"
                + "  <key>StartInterval</key><integer>900</integer>\n"
                + "  <key>RunAtLoad</key><true/>\n"
                + "</dict></plist>\n";
    }

    public static String windowsCommand(List<String> command) {
        return "schtasks /Create /SC MINUTE /MO 15 /TN \"Lifeboat run-due\" /TR \""
                + String.join(" ", command.stream().map(a -> a.contains(" ") ? "\\\"" + a + "\\\"" : a).toList()) + "\"";
    }

    /** Writes (or replaces) the two systemd user units; enabling them is left to the caller. */
    public static List<Path> installSystemd(Path unitDir, List<String> command) {
        try {
            Files.createDirectories(unitDir);
            Path service = unitDir.resolve(SERVICE);
            Path timer = unitDir.resolve(TIMER);
            FileSafety.writeAtomically(service, serviceUnit(command).getBytes(StandardCharsets.UTF_8));
            FileSafety.writeAtomically(timer, timerUnit().getBytes(StandardCharsets.UTF_8));
            return List.of(service, timer);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write the systemd units to " + unitDir
                    + " — check that the folder is writable", e);
        }
    }

    /** Reloads systemd's user units and enables the timer; fails with a clear error when systemctl cannot. */
    public static void enableSystemd() {
        for (List<String> cmd : List.of(List.of("systemctl", "--user", "daemon-reload"),
                List.of("systemctl", "--user", "enable", "--now", TIMER))) {
            int rc;
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                rc = p.waitFor();
            } catch (IOException e) {
                rc = 127;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rc = 130;
            }
            if (rc != 0) {
                throw new LifeboatException(ErrorCode.IO_ERROR, "the timer's units were written to " + systemdUserDir()
                        + " but systemd could not enable them (" + String.join(" ", cmd) + " exited " + rc
                        + "); scheduled backups run only while the app is open");
            }
        }
    }

    public static List<Path> uninstallSystemd(Path unitDir) {
        List<Path> removed = new ArrayList<>();
        for (String n : new String[] {TIMER, SERVICE}) {
            Path p = unitDir.resolve(n);
            try {
                if (Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.IO_ERROR, "cannot remove " + p + " — check its permissions", e);
            }
        }
        return removed;
    }

    private static String systemdQuote(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String a : command) {
            out.add(a.matches("[A-Za-z0-9_./:=@+-]+") ? a : "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", out);
    }

    private static String shellQuote(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String a : command) {
            out.add(a.matches("[A-Za-z0-9_./:=@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", out);
    }
}
