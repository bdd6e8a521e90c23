package app.lifeboat.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code help [COMMAND...]}: the usage of any command, nested ones too. Not picocli's own
 * {@code HelpCommand}: that one takes a single name, so {@code help schedule install} would show
 * the usage of {@code schedule} and silently drop {@code install}.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of COMMAND, e.g. 'lifeboat help schedule install'.")
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command and its subcommands, if any.")
    List<String> path = new ArrayList<>();

    @Mixin
    HelpOption help;

    private CommandLine self;
    private Help.ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        // picocli skips its checks for a help command; report a typo rather than ignore it.
        if (!self.getUnmatchedArguments().isEmpty()) {
            throw new UnmatchedArgumentException(self, self.getUnmatchedArguments());
        }
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                String parent = target.getCommandSpec().qualifiedName();
                throw new ParameterException(self, "'" + parent + "' has no command '" + name + "' — run '" + parent
                        + " --help' for its commands");
            }
            target = sub;
        }
        target.usage(out, colorScheme);
        return ExitCodes.OK;
    }
}
