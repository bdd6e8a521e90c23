import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.inspect.BackupBrowser;
import app.lifeboat.core.inspect.SchemaObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Times looking inside a backup from within one JVM (bench/inspect.sh runs it in source-file mode,
 * so JVM start-up is outside the numbers and reported separately):
 *   open HOME NAME ID IDENTITY   open the backup as the browser window does, list its tables with
 *                                their row counts, show the first 100 rows of the table with the most
 *                                rows; the first time in a fresh JVM (cold) and once more (warm).
 *                                As in the window, the engine is up and the backups were listed
 *                                before: that start-up is the window's, not the open's.
 *   query HOME NAME ID SQL       one query against the backup (opened and closed each time), 6 times;
 *                                the median of the last 5 in milliseconds
 */
public final class InspectTiming {
    public static void main(String[] args) throws Exception {
        BackupService s = new BackupService(new LifeboatHome(Path.of(args[1])));
        if (args[0].equals("open")) {
            Secrets secrets = new Secrets(null, null, List.of(Path.of(args[4])), null);
            s.list(args[2]);
            double cold = open(s, args[2], args[3], secrets);
            double warm = open(s, args[2], args[3], secrets);
            System.out.printf("OPEN_COLD=%.3f OPEN_WARM=%.3f%n", cold, warm);
        } else {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                s.inspector().query(args[2], args[3], args[4], 10, Secrets.none(), ProgressListener.NONE, Cancellation.none());
                if (i > 0) {
                    ms.add((System.nanoTime() - t) / 1e6);
                }
            }
            Collections.sort(ms);
            System.out.printf("QMS=%.2f%n", ms.get(2));
        }
    }

    private static double open(BackupService s, String name, String id, Secrets secrets) {
        long t = System.nanoTime();
        try (BackupBrowser b = s.inspector().browse(name, id, secrets, ProgressListener.NONE, Cancellation.none())) {
            SchemaObject largest = b.tables().stream().filter(o -> o.rows() != null)
                    .max(Comparator.comparingLong(SchemaObject::rows)).orElseThrow();
            if (b.page(largest.name(), null, 100).rows().isEmpty()) {
                throw new IllegalStateException("no rows in " + largest.name());
            }
            System.out.println("largest table: " + largest.name() + " (" + largest.rows() + " rows)");
        }
        return (System.nanoTime() - t) / 1e9;
    }
}
