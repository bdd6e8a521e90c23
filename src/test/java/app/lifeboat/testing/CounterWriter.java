package app.lifeboat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * A second OS process that commits to a database as fast as it can until its stdin closes. Each
 * transaction appends one {@code log} row and updates the {@code counter} row with the row count
 * and the sum of values, so any committed state satisfies {@link #CONSISTENT}. It prints
 * {@code committed N} (N = counter.n) every 25 commits, and {@code failed ...} if a commit fails.
 *
 * <p>Usage: {@code CounterWriter DB-FILE wal|delete}. In WAL mode automatic checkpoints are off,
 * so everything it commits stays in the -wal file while it runs.
 */
public final class CounterWriter {
    /** True (1) on every committed state the writer can leave. */
    public static final String CONSISTENT = "SELECT (SELECT n FROM counter) = (SELECT count(*) FROM log)"
            + " AND (SELECT total FROM counter) = (SELECT coalesce(sum(val), 0) FROM log)"
            + " AND (SELECT n FROM counter) = (SELECT coalesce(max(n), 0) FROM log)";

    private CounterWriter() {}

    /** Creates the two tables with {@code rows} log rows already committed and checkpointed. */
    public static void createSchema(Connection c, int rows) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE counter(id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL, total INTEGER NOT NULL)");
            s.execute("CREATE TABLE log(n INTEGER PRIMARY KEY, val INTEGER NOT NULL, payload BLOB NOT NULL)");
            s.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                    + " INSERT INTO log SELECT i, i % 1000, randomblob(400) FROM r");
            s.execute("INSERT INTO counter SELECT 1, count(*), coalesce(sum(val), 0) FROM log");
        }
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        boolean wal = args[1].startsWith("wal");
        // "wal-truncate": empty the WAL after every commit (when no reader stops it), so that a
        // backup often starts while the WAL is empty and then races with the commits that follow.
        boolean truncate = args[1].equals("wal-truncate");
        // "wal-paced": a busy application rather than a benchmark loop: about a millisecond between
        // commits, so another process waiting for the write lock (a restore) gets its turn.
        boolean paced = args[1].equals("wal-paced");
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // wait for EOF: the test closed our stdin, or died
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            System.exit(0);
        });
        watcher.setDaemon(true);
        watcher.start();
        Random random = new Random();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 20000");
            s.executeQuery("PRAGMA journal_mode = " + (wal ? "WAL" : "DELETE")).close();
            s.execute(wal ? "PRAGMA wal_autocheckpoint = 0" : "PRAGMA synchronous = OFF");
            if (wal) {
                s.execute("PRAGMA synchronous = NORMAL");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO log SELECT n + 1, ?, randomblob(300) FROM counter");
                    PreparedStatement update = c.prepareStatement(
                            "UPDATE counter SET n = n + 1, total = total + ?")) {
                long commits = 0;
                while (true) {
                    int val = random.nextInt(1000);
                    insert.setInt(1, val);
                    insert.executeUpdate();
                    update.setInt(1, val);
                    update.executeUpdate();
                    c.commit();
                    if (paced) {
                        Thread.sleep(1);
                    }
                    if (truncate) {
                        c.setAutoCommit(true);
                        s.execute("PRAGMA busy_timeout = 0"); // never wait for a reader: it is the backup
                        s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)").close();
                        s.execute("PRAGMA busy_timeout = 20000");
                        c.setAutoCommit(false);
                        Thread.sleep(2);
                    }
                    if (++commits % 25 == 0) {
                        try (var rs = s.executeQuery("SELECT n FROM counter")) {
                            rs.next();
                            System.out.println("committed " + rs.getLong(1));
                        }
                        c.commit();
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("failed " + e);
            System.exit(3);
        }
    }
}
