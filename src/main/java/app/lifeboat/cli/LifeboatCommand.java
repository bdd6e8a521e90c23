package app.lifeboat.cli;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Version;
import app.lifeboat.core.config.LifeboatHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The {@code lifeboat} root command: global options and the list of verbs. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, versionProvider = LifeboatCommand.VersionInfo.class,
        description = "Back up, verify and restore SQLite databases. Without a command, opens the window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Success.", "1:The operation or a verification failed, or status found a warning.",
            "2:Bad usage: unknown command or option, missing or invalid argument."},
        subcommands = {AddCommand.class, SetCommand.class, RemoveCommand.class, EnableCommand.class,
            DisableCommand.class, DatabasesCommand.class, BackupCommand.class, ListCommand.class,
            VerifyCommand.class, RestoreCommand.class, DeleteCommand.class, ConvertCommand.class, PinCommand.class, UnpinCommand.class,
            PruneCommand.class, StatusCommand.class, StatsCommand.class, KeygenCommand.class,
            RekeyBackupsCommand.class, RunDueCommand.class, ScheduleCommand.class, DestinationCommand.class,
            CopyCommand.class, TablesCommand.class, QueryCommand.class, DiffCommand.class, RestoreTableCommand.class,
            HelpCommand.class})
public final class LifeboatCommand {
    @Option(names = "--home", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Settings folder (default: $LIFEBOAT_HOME or the platform's config folder).")
    Path home;

    @Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean debug;

    final PrintWriter out;
    final PrintWriter err;
    private BackupService service;

    LifeboatCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * For picocli's build-time tools (completion script, man pages), which instantiate the command
     * class reflectively to read its options; they never run a command.
     */
    private LifeboatCommand() {
        this(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    BackupService service() {
        if (service == null) {
            service = new BackupService(LifeboatHome.resolve(home));
        }
        return service;
    }

    /** Prints {@code lifeboat <version>}. */
    static final class VersionInfo implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lifeboat " + Version.current()};
        }
    }
}
