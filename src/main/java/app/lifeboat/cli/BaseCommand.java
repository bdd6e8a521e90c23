package app.lifeboat.cli;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.health.Warning;
import app.lifeboat.core.BackupService;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every verb shares: the engine, the output streams and JSON printing. */
abstract class BaseCommand implements Callable<Integer> {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(BaseCommand.class);
    }

    /** The top command, or a command group (such as {@code destination}) under it. */
    @ParentCommand
    Object parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** A usage error (exit 2) for a value picocli cannot check by itself. */
    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    LifeboatCommand root() {
        return parent instanceof CommandGroup g ? g.root() : (LifeboatCommand) parent;
    }

    BackupService service() {
        return root().service();
    }

    PrintWriter out() {
        return root().out;
    }

    PrintWriter err() {
        return root().err;
    }

    /**
     * The settings of {@code name}; with {@code copiesOnly} (reading copies at a destination) a
     * database this home does not know yet is allowed: on a new computer the copies are all there is.
     */
    DatabaseSettings databaseOrUnregistered(String name, boolean copiesOnly) {
        if (copiesOnly) {
            for (DatabaseSettings d : service().databases()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
            return new DatabaseSettings(name, "", "", false, 0, 0, false, null);
        }
        return service().database(name);
    }

    /** A command whose verbs are subcommands, e.g. {@code destination add}. */
    interface CommandGroup {
        LifeboatCommand root();
    }

    /** Says at once when a key or passphrase source just configured cannot be read (the next backup would fail). */
    void warnAboutSettingsThatCannotWork(String name) {
        service().health(name).warnings().stream()
                .filter(w -> w.code() == Warning.Code.KEY_SOURCE_UNAVAILABLE)
                .forEach(w -> err().println("warning: " + w.message() + " Set it before the next backup runs."));
    }

    void printJson(Object value) {
        try {
            out().println(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise output", e);
        }
    }

    /**
     * True for a command that only reads (status, list...): it leaves no line in the log unless it
     * fails, so that it never sets up logging, about a sixth of such a command's start-up.
     */
    boolean onlyReads() {
        return false;
    }

    @Override
    public final Integer call() {
        // One line per command that changes something: what ran when (never its secrets, which never are arguments).
        if (!onlyReads()) {
            log().info("{} started", spec.qualifiedName());
        }
        try {
            return run();
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run();
}
