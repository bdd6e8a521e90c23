package app.lifeboat;

import app.lifeboat.cli.Cli;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.config.Settings;
import app.lifeboat.ui.LifeboatApp;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The entry point of {@code lifeboat.jar}: with a command it runs the CLI (no display needed);
 * without one it opens the window. It does not extend {@code Application}, so the CLI never loads
 * JavaFX.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String train = System.getProperty("lifeboat.train");
        if (train != null) {
            Path dir = Path.of(train).toAbsolutePath();
            System.setProperty(LogSetup.LOG_DIR_PROPERTY, dir.resolve("logs").toString());
            NativeLibraries.install(dir.resolve("cache"));
            System.exit(Training.run(dir) == 0 ? 0 : 1);
        }
        if (System.getProperty(LogSetup.LOG_DIR_PROPERTY) == null) {
            System.setProperty(LogSetup.LOG_DIR_PROPERTY, LifeboatHome.resolve(explicitHome(args))
                    .root().resolve("logs").toString());
        }
        NativeLibraries.install();
        Path home = guiHome(args);
        if (home != null || isBareGuiLaunch(args)) {
            LifeboatApp.launchWith(home, hasDebug(args));
            return;
        }
        if (!Cli.asksForHelpOrVersion(args)) {
            warmUpJson();
        }
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(Cli.run(args, out, err));
    }

    /**
     * Builds Jackson's mapper and its readers of the settings and of backup records on a thread of
     * their own while this thread parses the command line: nearly every command reads both next,
     * and building them was about a fifth of a small command (JFR). Readers are built once and
     * shared, so the command's own read finds them ready, or waits for them.
     */
    private static void warmUpJson() {
        Thread warm = new Thread(() -> {
            try {
                Json.mapper().readerFor(Settings.class);
                Json.mapper().readerFor(BackupRecord.class);
            } catch (RuntimeException | LinkageError e) {
                // Not reported here: the command's own read meets the same problem and reports it.
            }
        }, "lifeboat-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** True when the arguments are only global options (no command, no --help/--version). */
    static boolean isBareGuiLaunch(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home")) {
                i++;
            } else if (!a.startsWith("--home=") && !a.equals("--debug")) {
                return false;
            }
        }
        return true;
    }

    private static Path guiHome(String[] args) {
        if (!isBareGuiLaunch(args)) {
            return null;
        }
        return explicitHome(args);
    }

    /** The value of {@code --home} anywhere before the command, or null. */
    private static Path explicitHome(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--home=")) {
                return Path.of(args[i].substring("--home=".length()));
            }
        }
        return null;
    }

    private static boolean hasDebug(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }
}
