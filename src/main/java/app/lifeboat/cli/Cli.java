package app.lifeboat.cli;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Runs the command line: parses, dispatches to one command class per verb, maps errors to exit codes. */
public final class Cli {
    /** Arguments that need the whole command tree (help, suggestions for a mistyped verb). */
    private static final Set<String> NEEDS_WHOLE_TREE = Set.of("-h", "--help", "-V", "--version", "help");

    private Cli() {}

    /** Runs {@code args} and returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        LifeboatCommand root = new LifeboatCommand(out, err);
        CommandLine cl = onlyTheVerbOf(args, root);
        if (cl == null) {
            cl = new CommandLine(root);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorMapper(root));
        cl.setParameterExceptionHandler(ErrorMapper::usage);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** True when the arguments ask for help or the version, which read no settings or backups. */
    public static boolean asksForHelpOrVersion(String[] args) {
        return Arrays.stream(args).anyMatch(NEEDS_WHOLE_TREE::contains);
    }

    /**
     * The root with only the verb being run under it, or null when the whole tree is needed.
     * Building picocli's model of all verbs (reflection over every option of about 30 command
     * classes) was the largest cost of a small command after class loading; one verb's model is a
     * fraction of it. The root's options are the same as {@link LifeboatCommand}'s, read from its
     * annotations.
     */
    static CommandLine onlyTheVerbOf(String[] args, LifeboatCommand root) {
        String verb = null;
        for (int i = 0; i < args.length && verb == null; i++) {
            String a = args[i];
            if (NEEDS_WHOLE_TREE.contains(a)) {
                return null;
            } else if (a.equals("--home")) {
                i++;
            } else if (!a.startsWith("--home=") && !a.equals("--debug")) {
                verb = a;
            }
        }
        if (verb == null || asksForHelpOrVersion(args)) {
            return null;
        }
        Class<?> verbClass = null;
        for (Class<?> c : LifeboatCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && (command.name().equals(verb) || Arrays.asList(command.aliases()).contains(verb))) {
                verbClass = c;
            }
        }
        if (verbClass == null) {
            return null;
        }
        Command rootCommand = LifeboatCommand.class.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(root);
        spec.name(rootCommand.name());
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new LifeboatCommand.VersionInfo());
        spec.addOption(inherited("home", Path.class, v -> root.home = (Path) v, () -> root.home));
        spec.addOption(inherited("debug", boolean.class, v -> root.debug = Boolean.TRUE.equals(v), () -> root.debug));
        CommandLine cl = new CommandLine(spec);
        cl.addSubcommand(new CommandLine(verbClass));
        return cl;
    }

    /** One of the root's inherited options, as {@link LifeboatCommand} declares it on {@code field}. */
    private static OptionSpec inherited(String field, Class<?> type, Consumer<Object> set, Supplier<Object> get) {
        Option o;
        try {
            Field f = LifeboatCommand.class.getDeclaredField(field);
            o = f.getAnnotation(Option.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
        OptionSpec.Builder b = OptionSpec.builder(o.names()).type(type).description(o.description())
                .scopeType(ScopeType.INHERIT)
                .setter(new ISetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T set(T value) {
                        T old = (T) get.get();
                        set.accept(value);
                        return old;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) get.get();
                    }
                });
        if (!o.paramLabel().isEmpty()) {
            b.paramLabel(o.paramLabel());
        }
        if (type == boolean.class) {
            b.arity("0").initialValue(false);
        }
        return b.build();
    }
}
