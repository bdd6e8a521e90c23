package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.CliRunner.Outcome;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Help for every command: each path in the command tree, found by walking it (so a new command
 * without help fails here), answers {@code --help}, {@code -h} and {@code help PATH} with its usage
 * on stdout and exit 0, even without its required parameters, and the "see '... --help'" hint of
 * a usage error names a command that works.
 */
class HelpTest {
    @TempDir
    Path dir;

    Path home;
    CliRunner lifeboat;

    @BeforeEach
    void setUp() {
        home = dir.resolve("home");
        lifeboat = new CliRunner(home);
    }

    /** Every command path below {@code lifeboat}, e.g. {@code [backup]}, {@code [schedule, install]}. */
    static Stream<List<String>> commandPaths() {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new LifeboatCommand(none, none)), List.of(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            into.add(subPath);
            collect(sub.getValue(), subPath, into);
        }
    }

    @Test
    void helpAndVersionAreToldApartFromCommandsThatReadSettings() {
        assertTrue(Cli.asksForHelpOrVersion(new String[] {"--version"}));
        assertTrue(Cli.asksForHelpOrVersion(new String[] {"--home", "h", "backup", "--help"}));
        assertTrue(Cli.asksForHelpOrVersion(new String[] {"help", "restore"}));
        assertFalse(Cli.asksForHelpOrVersion(new String[] {"--home", "h", "status"}));
        assertFalse(Cli.asksForHelpOrVersion(new String[] {"add", "helpdesk.db"}));
    }

    @Test
    void treeWalkFindsTopLevelAndNestedCommands() {
        List<List<String>> paths = commandPaths().toList();
        assertTrue(paths.contains(List.of("backup")), paths.toString());
        assertTrue(paths.contains(List.of("help")), paths.toString());
        assertTrue(paths.contains(List.of("schedule", "install")), paths.toString());
    }

    @ParameterizedTest(name = "lifeboat {0} --help")
    @MethodSource("commandPaths")
    void everyCommandAnswersLongHelpWithItsUsage(List<String> path) {
        assertUsage(path, lifeboat.run(args(path, "--help")));
    }

    @ParameterizedTest(name = "lifeboat {0} -h")
    @MethodSource("commandPaths")
    void everyCommandAnswersShortHelpWithItsUsage(List<String> path) {
        assertUsage(path, lifeboat.run(args(path, "-h")));
    }

    @ParameterizedTest(name = "lifeboat help {0}")
    @MethodSource("commandPaths")
    void helpCommandShowsTheUsageOfEveryCommand(List<String> path) {
        List<String> help = new ArrayList<>(List.of("help"));
        help.addAll(path);
        assertUsage(path, lifeboat.run(help.toArray(String[]::new)));
    }

    @ParameterizedTest(name = "lifeboat {0} --no-such-option")
    @MethodSource("commandPaths")
    void usageErrorHintNamesAHelpCommandThatWorks(List<String> path) {
        Outcome bad = lifeboat.run(args(path, "--no-such-option")).failsWith(ExitCodes.USAGE, " --help'");
        Matcher hint = Pattern.compile("see '(lifeboat[^']*) --help'").matcher(bad.err());
        assertTrue(hint.find(), "the error names a help command: " + bad.err());
        assertEquals("lifeboat " + String.join(" ", path), hint.group(1), "the hint names the command typed");

        List<String> hinted = new ArrayList<>(List.of(hint.group(1).split(" ")));
        hinted.remove(0);
        assertUsage(path, lifeboat.run(args(hinted, "--help")));
    }

    @Test
    void bareHelpAndTopLevelHelpShowTheCommandList() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"})) {
            Outcome o = lifeboat.ok(args);
            assertTrue(o.out().startsWith("Usage: lifeboat "), o.out());
            assertTrue(o.out().contains("Commands:") && o.out().contains("schedule") && o.out().contains("help"),
                    o.out());
        }
    }

    @Test
    void helpOfUnknownCommandIsAUsageError() {
        lifeboat.run("help", "nope").failsWith(ExitCodes.USAGE, "'lifeboat' has no command 'nope'");
        lifeboat.run("help", "schedule", "nope")
                .failsWith(ExitCodes.USAGE, "run 'lifeboat schedule --help'");
    }

    @Test
    void versionStaysOnTheTopCommandOnly() {
        assertTrue(lifeboat.ok("--version").out().startsWith("lifeboat "));
        lifeboat.run("status", "--version").failsWith(ExitCodes.USAGE, "see 'lifeboat status --help'");
    }

    private static String[] args(List<String> path, String option) {
        List<String> all = new ArrayList<>(path);
        all.add(option);
        return all.toArray(String[]::new);
    }

    private void assertUsage(List<String> path, Outcome o) {
        String command = "lifeboat " + String.join(" ", path);
        assertEquals(0, o.exit(), command + ": exit code; stderr: " + o.err());
        assertTrue(o.out().startsWith("Usage: " + command + " "), command + ": stdout starts with its usage line: "
                + o.out());
        assertEquals("", o.err(), command + ": nothing on stderr");
        assertFalse(home.toFile().exists(), command + ": help creates no home");
    }
}
