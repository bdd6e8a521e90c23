package app.lifeboat;

import app.lifeboat.cli.Cli;
import app.lifeboat.core.base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive: runs the everyday commands once, in this
 * JVM, on a throw-away home and database, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} records every class they load. Started by {@link Main} when
 * {@code -Dlifeboat.train=DIR} is given (the build and the package's install script do so); never
 * touches the user's home.
 */
final class Training {
    /** The commands trained, in order ({@code HOME} and {@code DIR} are replaced). */
    static final List<String> COMMANDS = List.of(
            "--home HOME add DIR/train.db --name train",
            "--home HOME backup train",
            "--home HOME backup train --force",
            "--home HOME databases",
            "--home HOME list train",
            "--home HOME status",
            "--home HOME verify train",
            "--home HOME restore train --to DIR/restored.db --yes",
            "--home HOME tables train",
            // Incremental storage, up to the prune a delete runs (OLDEST: the first backup's id, looked up then).
            "--home HOME add DIR/inc.db --name inc --storage incremental --no-schedule",
            "--home HOME backup inc",
            "--home HOME backup inc --force",
            "--home HOME verify inc",
            "--home HOME delete inc OLDEST",
            "--home HOME --version");

    private Training() {}

    /** Runs the commands in a fresh folder under {@code dir}; returns how many failed (they are printed, never thrown). */
    static int run(Path dir) throws IOException, SQLException {
        Path work = Files.createDirectories(dir).resolve("run-" + ProcessHandle.current().pid());
        deleteTree(work);
        Files.createDirectories(work);
        try {
            for (String db : List.of("train.db", "inc.db")) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve(db));
                        Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
                    s.execute("CREATE INDEX tv ON t(v)");
                    s.execute("INSERT INTO t(v) SELECT 'row ' || value FROM generate_series(1, 2000)");
                }
            }
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            PrintWriter err = new PrintWriter(System.err, true);
            int failed = 0;
            for (String command : COMMANDS) {
                String line = command.replace("HOME", work.resolve("home").toString()).replace("DIR", work.toString());
                if (line.contains("OLDEST")) {
                    line = line.replace("OLDEST", oldest(work.resolve("home"), "inc", err));
                }
                int code = Cli.run(line.split(" "), quiet, err);
                if (code != 0) {
                    err.println("training: '" + line + "' exited " + code);
                    failed++;
                }
            }
            for (String list : classLists(System.getProperty(LISTS_PROPERTY))) {
                int missing = loadListedClasses(list).size();
                if (missing > 0) {
                    err.println("training: " + missing + " classes of " + list + " were not found (see its first line)");
                }
            }
            return failed;
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Lists of classes the commands above do not load but the window (at launch) and a copy to S3
     * do; their first lines say which script makes them. A real launch or upload needs a display
     * or a server, which a build does not have.
     */
    static final List<String> CLASS_LISTS = List.of("window-classes.txt", "offsite-classes.txt");

    /**
     * Which of {@link #CLASS_LISTS} a training run loads: {@code window,offsite} (the default),
     * a subset, or {@code none}. Every class in an archive costs every start that maps it (JDK 17
     * relocates the whole archive), so the command line's archive leaves the window's out.
     */
    static final String LISTS_PROPERTY = "lifeboat.train.lists";

    /** The class lists named by {@code value} of {@link #LISTS_PROPERTY}; all of them when it is null. */
    static List<String> classLists(String value) {
        if (value == null) {
            return CLASS_LISTS;
        }
        List<String> lists = new ArrayList<>();
        for (String name : value.split(",")) {
            String list = name.strip() + "-classes.txt";
            if (CLASS_LISTS.contains(list)) {
                lists.add(list);
            } else if (!name.isBlank() && !name.strip().equals("none")) {
                throw new IllegalArgumentException("unknown class list '" + name.strip() + "' in -D" + LISTS_PROPERTY
                        + " (known: window, offsite, none)");
            }
        }
        return lists;
    }

    /**
     * Loads, without initialising, the classes listed in resource {@code list}, so the archive
     * holds them too: the window then starts and an upload to S3 runs about half a second sooner.
     * Nothing of them runs, so no display and no server is needed. Returns the names that were
     * not found.
     */
    static List<String> loadListedClasses(String list) throws IOException {
        List<String> missing = new ArrayList<>();
        try (InputStream in = Training.class.getResourceAsStream(list)) {
            if (in == null) {
                return List.of(list);
            }
            ClassLoader loader = Training.class.getClassLoader();
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.trim(), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(name.trim());
                }
            }
        }
        return missing;
    }

    /** The id of {@code name}'s oldest backup, from {@code list --json} (newest first); "none" when there is none. */
    private static String oldest(Path home, String name, PrintWriter err) throws IOException {
        StringWriter out = new StringWriter();
        Cli.run(new String[] {"--home", home.toString(), "list", name, "--json"}, new PrintWriter(out), err);
        JsonNode list = Json.mapper().readTree(out.toString());
        return list != null && list.size() > 0 ? list.get(list.size() - 1).path("id").asText("none") : "none";
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
