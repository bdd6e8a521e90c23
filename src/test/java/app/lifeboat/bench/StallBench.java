package app.lifeboat.bench;

import app.lifeboat.Main;
import app.lifeboat.ui.common.ActivityEntry;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Measures how long the JavaFX thread goes without a frame while the real window backs up and
 * verifies a database (bench/stall.sh runs it in a virtual display). A measurement, not a test:
 * nothing fails on a number.
 *
 * <p>It starts the app through {@link Main} on the given home (one database registered), keeps an
 * {@link AnimationTimer} running so that JavaFX asks for a frame every 1/60 s, and records the gap
 * between consecutive frames, how late a {@link Platform#runLater} posted every 20 ms runs (what
 * a click waits for), and every collector pause. While a frame is overdue by more than 50 ms a
 * watcher samples the FX thread's stack, so the report says what the thread was doing.
 *
 * <p>Arguments: {@code HOME REPORT MODE}; MODE {@code schedule} waits for the in-app scheduler's
 * first check (a due backup and its re-verification), {@code ui} presses "Back up now" and then
 * "Verify all". Prints one summary line (key=value) and writes the details to REPORT.
 */
public final class StallBench {
    private static final long OVERDUE_NANOS = 50_000_000L;
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(30);

    /** One part of the run: a name and its start and end (System.nanoTime). */
    private record Phase(String name, long from, long to) {}

    /** One collector pause. */
    private record Pause(long at, long millis, String name, String cause) {}

    private final List<Long> frames = new ArrayList<>(200_000);
    private final List<long[]> runLaters = new ArrayList<>(100_000);
    private final List<Pause> pauses = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    /** When the operation bar appeared and disappeared (System.nanoTime). */
    private final List<Long> starts = new CopyOnWriteArrayList<>();
    private final List<Long> ends = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> stallStacks = new HashMap<>();
    private final Map<String, Integer> stallStates = new HashMap<>();
    private volatile long lastFrame;
    private volatile Thread fxThread;
    private volatile boolean done;
    private Stage stage;

    public static void main(String[] args) throws Exception {
        new StallBench().run(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "schedule");
        System.exit(0);
    }

    private void run(Path home, Path report, String mode) throws Exception {
        watchCollector();
        Thread app = new Thread(() -> {
            try {
                Main.main(new String[] {"--home", home.toString()});
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "stallbench-app");
        app.setDaemon(true);
        app.start();
        long t0 = System.nanoTime();
        waitFor("the main window", () -> stage != null || findStage(), t0);
        onFx(() -> {
            fxThread = Thread.currentThread();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long t = System.nanoTime();
                    synchronized (frames) {
                        frames.add(t);
                    }
                    lastFrame = t;
                    if (done) {
                        stop();
                    }
                }
            }.start();
            Node bar = stage.getScene().lookup("#operationBar");
            if (bar.isVisible()) {
                starts.add(System.nanoTime());
            }
            bar.visibleProperty().addListener((o, a, visible) -> (visible ? starts : ends).add(System.nanoTime()));
            Label message = (Label) stage.getScene().lookup("#operationMessage");
            message.textProperty().addListener((o, a, b) -> phaseChange(b));
            return null;
        });
        startRunLaterProbe();
        startStallSampler();
        long idleFrom = System.nanoTime();
        if (mode.equals("ui")) {
            // The scheduler is off in this mode; the button is enabled once the list has loaded.
            waitFor("the database list", () -> onFx(() -> button("#backupButton") != null
                    && !button("#backupButton").isDisabled()), t0);
            Thread.sleep(3000);
            phases.add(new Phase("idle before", idleFrom, System.nanoTime()));
            operation("backup", () -> button("#backupButton").fire());
            operation("verify", () -> button("#verifyAllButton").fire());
        } else {
            // The scheduler's first check comes 5 s after the window is filled.
            waitFor("the scheduled check", () -> !starts.isEmpty(), t0);
            phases.add(new Phase("idle before", idleFrom, System.nanoTime()));
            operation("scheduled backup + re-verify", null);
        }
        // The same window with nothing running: what the machine's load alone costs.
        long after = System.nanoTime();
        Thread.sleep(10_000);
        phases.add(new Phase("idle after", after, System.nanoTime()));
        done = true;
        String outcome = onFx(() -> {
            ListView<?> list = (ListView<?>) stage.getScene().lookup("#activityList");
            return list.getItems().isEmpty() ? "none" : list.getItems().stream().limit(2)
                    .map(e -> ((ActivityEntry) e).outcome() + ": " + ((ActivityEntry) e).message())
                    .collect(Collectors.joining(" | "));
        });
        write(report, outcome);
    }

    /** Starts one operation ({@code click} on the FX thread, or the scheduler's) and waits for its end. */
    private void operation(String name, Runnable click) throws Exception {
        int before = ends.size();
        long from = System.nanoTime();
        if (click != null) {
            onFx(() -> {
                click.run();
                return null;
            });
        }
        waitFor(name + " to end", () -> ends.size() > before && starts.size() >= ends.size(), from);
        long started = starts.get(ends.size() - 1);
        long ended = ends.get(ends.size() - 1);
        phases.add(new Phase(name, started, ended));
        // What the end of the operation does (a reload of the list) belongs to it: let it settle.
        Thread.sleep(1500);
        phases.add(new Phase(name + ": after its end", started, System.nanoTime()));
    }

    private void phaseChange(String text) {
        int dash = text.indexOf(" — ");
        String step = dash < 0 ? text : text.substring(dash + 3);
        int colon = step.indexOf(':');
        String word = colon < 0 ? step : step.substring(0, colon);
        String last = messages.isEmpty() ? "" : messages.get(messages.size() - 1);
        if (!last.endsWith("\t" + word)) {
            messages.add(System.nanoTime() + "\t" + word);
        }
    }

    private boolean findStage() throws Exception {
        try {
            return onFx(() -> {
                for (Window w : Window.getWindows()) {
                    if (w instanceof Stage s && s.getScene() != null && s.getScene().lookup("#operationBar") != null) {
                        stage = s;
                        return true;
                    }
                }
                return false;
            });
        } catch (IllegalStateException e) {
            return false; // the toolkit is not up yet
        }
    }

    private Button button(String id) {
        Node n = stage.getScene().lookup(id);
        return n instanceof Button b ? b : null;
    }

    private static <T> T onFx(Supplier<T> body) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(body.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.MINUTES);
    }

    /** A condition that may throw. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(String what, Check check, long from) throws Exception {
        while (!check.holds()) {
            if (System.nanoTime() - from > TIMEOUT_NANOS) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private void watchCollector() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long end = System.nanoTime();
                synchronized (pauses) {
                    pauses.add(new Pause(end, info.getGcInfo().getDuration(), info.getGcName(), info.getGcCause()));
                }
            }, null, null);
        }
    }

    /** How late a runLater runs: what a click or a key waits for before the window reacts. */
    private void startRunLaterProbe() {
        Thread t = new Thread(() -> {
            while (!done) {
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(() -> {
                    synchronized (runLaters) {
                        runLaters.add(new long[] {posted, System.nanoTime() - posted});
                    }
                    ran.countDown();
                });
                try {
                    ran.await();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stallbench-runlater");
        t.setDaemon(true);
        t.start();
    }

    /** While a frame is overdue, what the FX thread is doing (its top frames), every 10 ms. */
    private void startStallSampler() {
        Thread t = new Thread(() -> {
            while (!done) {
                if (System.nanoTime() - lastFrame > OVERDUE_NANOS) {
                    Thread fx = fxThread;
                    StackTraceElement[] stack = fx.getStackTrace();
                    String top = Arrays.stream(stack).limit(14).map(StackTraceElement::toString)
                            .collect(Collectors.joining("\n    "));
                    synchronized (stallStacks) {
                        stallStacks.merge(top, 1, Integer::sum);
                        stallStates.merge(fx.getState().toString(), 1, Integer::sum);
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stallbench-sampler");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
    }

    private void write(Path report, String outcome) throws IOException {
        List<Long> f;
        synchronized (frames) {
            f = new ArrayList<>(frames);
        }
        StringBuilder summary = new StringBuilder();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8))) {
            out.println("outcome: " + outcome);
            out.println();
            out.println("phase\tseconds\tframes\tmax_gap_ms\tp99_gap_ms\tgaps_over_100ms\tmax_runlater_ms\tgc_pauses\tgc_ms\tmax_gc_ms");
            for (Phase p : phases) {
                List<Long> gaps = gaps(f, p);
                long maxRunLater = runLaters.stream().filter(r -> r[0] >= p.from() && r[0] <= p.to())
                        .mapToLong(r -> r[1]).max().orElse(0);
                List<Pause> ps = pauses.stream().filter(x -> x.at() >= p.from() && x.at() <= p.to()).toList();
                long max = gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1);
                long p99 = gaps.isEmpty() ? 0 : gaps.get(Math.min(gaps.size() - 1, (int) (gaps.size() * 0.99)));
                long over = gaps.stream().filter(g -> g > 100_000_000L).count();
                out.printf(Locale.ROOT, "%s\t%.1f\t%d\t%.0f\t%.0f\t%d\t%.0f\t%d\t%d\t%d%n", p.name(), (p.to() - p.from()) / 1e9,
                        gaps.size() + 1, max / 1e6, p99 / 1e6, over, maxRunLater / 1e6, ps.size(),
                        ps.stream().mapToLong(Pause::millis).sum(), ps.stream().mapToLong(Pause::millis).max().orElse(0));
                if (!p.name().startsWith("idle") && !p.name().endsWith("its end")) {
                    summary.append(String.format(Locale.ROOT, " %s_max_gap_ms=%.0f %s_gaps_over_100ms=%d %s_max_runlater_ms=%.0f"
                            + " %s_seconds=%.1f %s_max_gc_ms=%d", key(p), max / 1e6, key(p), over, key(p), maxRunLater / 1e6,
                            key(p), (p.to() - p.from()) / 1e9, key(p), ps.stream().mapToLong(Pause::millis).max().orElse(0)));
                }
                if (p.name().equals("idle after")) {
                    summary.append(String.format(Locale.ROOT, " idle_max_gap_ms=%.0f", max / 1e6));
                }
                if (p.name().endsWith("its end")) {
                    summary.append(String.format(Locale.ROOT, " %s_with_end_max_gap_ms=%.0f", key(p).replace("_after_its_end", ""),
                            max / 1e6));
                }
            }
            long start = phases.get(0).from();
            // System.nanoTime is CLOCK_MONOTONIC on Linux: `perf sched record -k CLOCK_MONOTONIC` events line up with these.
            out.println();
            out.println("phase bounds (CLOCK_MONOTONIC seconds):");
            for (Phase p : phases) {
                out.printf(Locale.ROOT, "  %s\t%.6f\t%.6f%n", p.name(), p.from() / 1e9, p.to() / 1e9);
            }
            out.println();
            out.println("longest gaps (seconds since the measurement began, gap ms, collector pauses within it, step,"
                    + " start on CLOCK_MONOTONIC):");
            List<long[]> longest = new ArrayList<>();
            for (int i = 1; i < f.size(); i++) {
                longest.add(new long[] {f.get(i - 1), f.get(i) - f.get(i - 1)});
            }
            longest.sort(Comparator.comparingLong((long[] g) -> g[1]).reversed());
            for (long[] g : longest.subList(0, Math.min(25, longest.size()))) {
                long gcIn = pauses.stream().filter(x -> x.at() >= g[0] && x.at() - x.millis() * 1_000_000L <= g[0] + g[1])
                        .mapToLong(Pause::millis).sum();
                out.printf(Locale.ROOT, "  %.2f\t%.0f\t%d\t%s\t%.6f%n", (g[0] - start) / 1e9, g[1] / 1e6, gcIn, stepAt(g[0]),
                        g[0] / 1e9);
            }
            out.println();
            out.println("collector pauses over 20 ms (seconds, ms, collector, cause):");
            for (Pause p : pauses) {
                if (p.millis() > 20) {
                    out.printf(Locale.ROOT, "  %.2f\t%d\t%s\t%s%n", (p.at() - start) / 1e9, p.millis(), p.name(), p.cause());
                }
            }
            out.println();
            out.println("steps (seconds, step):");
            for (String m : messages) {
                String[] parts = m.split("\t", 2);
                out.printf(Locale.ROOT, "  %.2f\t%s%n", (Long.parseLong(parts[0]) - start) / 1e9, parts[1]);
            }
            out.println();
            out.println("FX thread while a frame was overdue by > 50 ms (10 ms samples): " + stallStates);
            stallStacks.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> out.println(e.getValue() + " samples:\n    " + e.getKey()));
        }
        System.out.println("outcome=\"" + outcome.replace('"', '\'') + "\"" + summary + " peak_rss_mb=" + peakRssMb());
    }

    /** The process's peak resident set (VmHWM), in MB, or -1 where /proc has none. */
    private static long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024 / 1_000_000).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private String stepAt(long t) {
        String step = "";
        for (String m : messages) {
            String[] parts = m.split("\t", 2);
            if (Long.parseLong(parts[0]) > t) {
                break;
            }
            step = parts[1];
        }
        return step;
    }

    private static String key(Phase p) {
        return p.name().replaceAll("[^A-Za-z]+", "_").replaceAll("_+$", "");
    }

    private static List<Long> gaps(List<Long> frames, Phase p) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i) > p.from() && frames.get(i - 1) < p.to()) {
                gaps.add(frames.get(i) - frames.get(i - 1));
            }
        }
        gaps.sort(null);
        return gaps;
    }
}
