package app.lifeboat;

import app.lifeboat.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
            "--home HOME --version");

    /**
     * Then, against {@link TrainingSftpServer} ({@code PORT}, {@code KEY} and {@code KNOWN} are
     * replaced too): an offsite copy and a restore from it, the commands whose start-up is mostly
     * the SSH and SFTP classes.
     */
    static final List<String> SFTP_COMMANDS = List.of(
            "--home HOME destination add offsite sftp://training@127.0.0.1:PORT/copies --identity-file KEY"
                    + " --known-hosts KNOWN",
            "--home HOME copy train --to offsite",
            "--home HOME destination test offsite",
            "--home HOME restore train --from offsite --latest --to DIR/from-offsite.db --yes");

    private Training() {}

    /** Runs the commands in a fresh folder under {@code dir}; returns how many failed (they are printed, never thrown). */
    static int run(Path dir) throws IOException, SQLException {
        Path work = Files.createDirectories(dir).resolve("run-" + ProcessHandle.current().pid());
        deleteTree(work);
        Files.createDirectories(work);
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("train.db"));
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
                s.execute("CREATE INDEX tv ON t(v)");
                s.execute("INSERT INTO t(v) SELECT 'row ' || value FROM generate_series(1, 2000)");
            }
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            PrintWriter err = new PrintWriter(System.err, true);
            int failed = 0;
            for (String command : COMMANDS) {
                failed += run(command.replace("HOME", work.resolve("home").toString()).replace("DIR", work.toString()),
                        quiet, err);
            }
            try (TrainingSftpServer sftp = new TrainingSftpServer(work)) {
                for (String command : SFTP_COMMANDS) {
                    failed += run(command.replace("HOME", work.resolve("home").toString()).replace("DIR", work.toString())
                            .replace("PORT", Integer.toString(sftp.port())).replace("KEY", sftp.identity().toString())
                            .replace("KNOWN", sftp.knownHosts().toString()), quiet, err);
                }
            } catch (GeneralSecurityException e) {
                err.println("training: no SFTP server (" + e + ")");
                failed++;
            }
            return failed;
        } finally {
            deleteTree(work);
        }
    }

    /** Runs one command line; 1 when it failed (and says so), else 0. */
    private static int run(String line, PrintWriter quiet, PrintWriter err) {
        int code = Cli.run(line.split(" "), quiet, err);
        if (code != 0) {
            err.println("training: '" + line + "' exited " + code);
            return 1;
        }
        return 0;
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
