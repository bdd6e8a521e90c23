package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's examples true: every {@code $ lifeboat ...} line in it runs in a fresh home
 * (a database "notes" with two backups and "ledger" registered; an empty home for {@code add}),
 * and each output line the README shows must have the shape of a line the real command printed:
 * the same words, with ids, paths, sizes, dates and numbers standing for any value.
 */
class ReadmeExamplesTest {
    /** Examples that need what a test home cannot have (systemd, a prompt, a damaged or encrypted backup). */
    private static final Map<String, String> NOT_RUN = Map.of(
            "restore notes --latest", "asks on the terminal",
            "schedule install", "writes and enables systemd units",
            "schedule uninstall", "runs systemctl",
            "rekey-backups vault", "needs an encrypted database whose key changed");
    /** Examples that show a state the test home lacks: only their first output line is compared. */
    private static final List<String> FIRST_LINE_ONLY = List.of("verify notes --all", "status", "run-due", "list notes",
            "prune notes --dry-run");

    private static final Pattern COMMAND = Pattern.compile("^\\$ lifeboat (.*)$");
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    Path dir;

    private int n;

    @TestFactory
    Stream<DynamicTest> everyReadmeExampleHasTheShapeOfRealOutput() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        List<DynamicTest> tests = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            Matcher m = COMMAND.matcher(lines.get(i));
            if (!inBlock || !m.matches()) {
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++) {
                expected.add(lines.get(j));
            }
            String args = m.group(1);
            int line = i + 1;
            tests.add(DynamicTest.dynamicTest("README:" + line + " lifeboat " + args, () -> check(args, expected)));
        }
        assertTrue(tests.size() >= 25, "the README's examples were found: " + tests.size());
        return tests.stream();
    }

    private void check(String args, List<String> expected) throws Exception {
        if (NOT_RUN.containsKey(args)) {
            return;
        }
        Path home = dir.resolve("home-" + (++n));
        Path files = Files.createDirectories(dir.resolve("files-" + n));
        CliRunner lifeboat = new CliRunner(home);
        List<String> ids = List.of();
        if (!args.startsWith("add ")) {
            lifeboat.ok("add", TestDatabases.create(files.resolve("notes.db"), 300).toString(), "--name", "notes");
            lifeboat.ok("add", TestDatabases.create(files.resolve("ledger.sqlite"), 50).toString(), "--name", "ledger");
            lifeboat.ok("backup", "notes");
            lifeboat.ok("backup", "notes", "--force");
            lifeboat.ok("backup", "ledger");
            if (!args.startsWith("destination add")) {
                lifeboat.ok("destination", "add", "usb", Files.createDirectories(files.resolve("usb")).toString());
            }
            if (args.contains(" --at usb") || args.contains(" --from usb") || args.equals("backup notes")) {
                lifeboat.ok("set", "notes", "--copy-to", "usb");
                lifeboat.ok("backup", "notes", "--force");
            }
            if (args.startsWith("copy ")) { // a copy made while the drive was unplugged waits in the queue
                lifeboat.ok("set", "notes", "--copy-to", "usb");
                Files.move(files.resolve("usb"), files.resolve("usb-away"));
                lifeboat.ok("backup", "notes", "--force");
                Files.move(files.resolve("usb-away"), files.resolve("usb"));
            }
            JsonNode list = new ObjectMapper().readTree(lifeboat.ok("list", "notes", "--json").out());
            ids = List.of(list.get(0).get("id").asText(), list.get(1).get("id").asText());
        }
        List<String> argv = new ArrayList<>();
        Matcher t = TOKEN.matcher(args);
        while (t.find()) {
            argv.add(substitute(t.group(1) != null ? t.group(1) : t.group(2), files, ids));
        }
        CliRunner.Outcome o = lifeboat.run(argv.toArray(String[]::new));
        assertTrue(o.exit() == 0 || o.exit() == 1 && expected.stream().anyMatch(l -> l.startsWith("error:")
                || l.contains("FAILED") || l.contains(": error")), "exit " + o.exit() + ": " + o.err());
        if (args.endsWith("--json")) {
            new ObjectMapper().readTree(o.out()); // valid JSON on stdout
            return;
        }
        List<String> actual = new ArrayList<>();
        (o.out() + o.err()).lines().map(ReadmeExamplesTest::shape).forEach(actual::add);
        List<String> shown = expected.stream().filter(l -> !l.isBlank() && !l.contains("...") && !l.contains("…"))
                .toList();
        if (FIRST_LINE_ONLY.stream().anyMatch(args::equals)) {
            shown = shown.isEmpty() ? shown : shown.subList(0, 1);
        }
        for (String line : shown) {
            assertTrue(actual.contains(shape(line)), "the README shows\n  " + line + "\nbut the command printed\n  "
                    + String.join("\n  ", (o.out() + o.err()).lines().toList()));
        }
    }

    /** Maps the README's paths and backup ids onto the test home's. */
    private static String substitute(String arg, Path files, List<String> ids) throws Exception {
        if (arg.matches("\\d{8}T\\d{6}Z-[0-9a-z]+")) {
            // The README's older id (3fa9) is the first backup, its newer (77aa) the second.
            return arg.endsWith("3fa9") ? ids.get(1) : ids.get(0);
        }
        if (arg.startsWith("~/") || arg.startsWith("/")) {
            Path p = files.resolve(Path.of(arg.replace("~/", "")).getFileName());
            if (arg.endsWith(".db") || arg.endsWith(".sqlite")) {
                if (!arg.startsWith("/tmp/")) {
                    TestDatabases.create(p, 30);
                }
                return p.toString();
            }
            if (arg.endsWith(".txt")) {
                return p.toString();
            }
            return Files.createDirectories(p).toString();
        }
        return arg;
    }

    /** A line with its values replaced by what they are, so that only the wording is compared. */
    static String shape(String line) {
        return line.replaceAll("\\d{8}T\\d{6}Z-[0-9a-z]+", "<id>")
                .replaceAll("(~|/)[^\\s),]*", "<path>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2})?", "<date>")
                .replaceAll("\\d+(\\.\\d+)? ?(B|KiB|MiB|GiB|TiB)\\b", "<size>")
                .replaceAll("age1[0-9a-z]+", "<key>")
                .replaceAll("\\b(just now|\\d+[hdm] ago)", "<when>")
                .replaceAll("\\d+(\\.\\d+)?", "<n>")
                .replaceAll("\\b(notes|ledger)\\b", "<db>")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
