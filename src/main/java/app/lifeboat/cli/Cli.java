package app.lifeboat.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the command line: parses, dispatches to one command class per verb, maps errors to exit codes. */
public final class Cli {
    private Cli() {}

    /** Runs {@code args} and returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        LifeboatCommand root = new LifeboatCommand(out, err);
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorMapper(root));
        cl.setParameterExceptionHandler(ErrorMapper::usage);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
