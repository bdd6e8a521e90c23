package app.lifeboat.cli;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one place where failures become what the user sees: {@code error: <what> — <what to do>}
 * on stderr and an exit code. Stack traces only with {@code --debug}.
 */
final class ErrorMapper implements CommandLine.IExecutionExceptionHandler {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(ErrorMapper.class);
    }

    private final LifeboatCommand root;

    ErrorMapper(LifeboatCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String command = String.join(" ", cmd.getCommandSpec().qualifiedName());
        if (ex instanceof LifeboatException le) {
            // Logged here, where it is caught, once: the message is the sentence the user saw.
            String shown = CliRemedies.render(le);
            log().warn("{} failed: {} ({})", command, shown, le.code(), le.getCause());
            err.println("error: " + shown);
            if (root.debug) {
                le.printStackTrace(err);
            }
            return le.code() == ErrorCode.INVALID_ARGUMENT ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        log().error("{} failed unexpectedly", command, ex);
        err.println("error: unexpected failure (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + ") — the log has the details; run again with --debug to see them here, and report them");
        if (root.debug) {
            ex.printStackTrace(err);
        }
        return ExitCodes.FAILED;
    }

    static int usage(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        // The full path ("lifeboat schedule install"), so the hint is a command that works as typed.
        String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
        String hint = " — see '" + cmd + " --help'";
        err.println("error: " + ex.getMessage() + (ex.getMessage().contains(" — ") ? "" : hint));
        return ExitCodes.USAGE;
    }
}
