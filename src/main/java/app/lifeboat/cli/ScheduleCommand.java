package app.lifeboat.cli;

import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.Main;
import app.lifeboat.platform.OsTimer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code schedule install|uninstall}: the OS timer that runs {@code run-due} while the app is closed. */
@Command(name = "schedule", description = "Install or remove the OS timer that runs 'lifeboat run-due' every 15 minutes.",
        subcommands = {ScheduleCommand.Install.class, ScheduleCommand.Uninstall.class})
final class ScheduleCommand {
    @ParentCommand
    LifeboatCommand root;

    @Mixin
    HelpOption help;

    static List<String> runDueCommand(Path home) {
        return OsTimer.commandForThisApp(home, Main.class);
    }

    static Path unitDir() {
        return OsTimer.systemdUserDir(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@code schedule install}. */
    @Command(name = "install", description = "Write the timer (Linux: systemd user units) and enable it.")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Mixin
        HelpOption help;

        @Option(names = "--no-enable", description = "Only write the unit files; do not run systemctl.")
        boolean noEnable;

        @Override
        public Integer call() throws Exception {
            LifeboatCommand root = parent.root;
            List<String> command = runDueCommand(root.service().home().root());
            if (!OsTimer.isLinux()) {
                root.out.println("This platform has no systemd. Add one of these yourself:");
                root.out.println("crontab (macOS/BSD):  " + OsTimer.crontabLine(command));
                root.out.println("launchd (macOS), save as ~/Library/LaunchAgents/app.lifeboat.run-due.plist:");
                root.out.println(OsTimer.launchdPlist(command));
                root.out.println("Windows Task Scheduler:  " + OsTimer.windowsCommand(command));
                return ExitCodes.OK;
            }
            List<Path> written = OsTimer.installSystemd(unitDir(), command);
            written.forEach(p -> root.out.println("wrote " + p));
            if (noEnable) {
                root.out.println("enable it with: systemctl --user daemon-reload && systemctl --user enable --now "
                        + OsTimer.TIMER);
                return ExitCodes.OK;
            }
            try {
                OsTimer.enableSystemd(); // the same as the window's "Install the timer"
            } catch (LifeboatException e) {
                root.err.println("error: " + e.getMessage() + " — run 'systemctl --user enable --now " + OsTimer.TIMER
                        + "' in your desktop session");
                return ExitCodes.FAILED;
            }
            root.out.println("enabled " + OsTimer.TIMER + "; due backups now run every 15 minutes, app open or not");
            return ExitCodes.OK;
        }
    }

    /** {@code schedule uninstall}. */
    @Command(name = "uninstall", description = "Disable and remove the timer.")
    static final class Uninstall implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Mixin
        HelpOption help;

        @Option(names = "--no-disable", description = "Only remove the unit files; do not run systemctl.")
        boolean noDisable;

        @Override
        public Integer call() {
            LifeboatCommand root = parent.root;
            if (!OsTimer.isLinux()) {
                root.out.println("Remove the crontab line, launchd agent or scheduled task you added.");
                return ExitCodes.OK;
            }
            if (!noDisable) {
                run(root, "systemctl", "--user", "disable", "--now", OsTimer.TIMER);
            }
            List<Path> removed = OsTimer.uninstallSystemd(unitDir());
            root.out.println(removed.isEmpty() ? "no Lifeboat timer was installed" : "removed " + removed);
            return ExitCodes.OK;
        }
    }

    private static int run(LifeboatCommand root, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0 && root.debug) {
                root.err.println(output);
            }
            return rc;
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
