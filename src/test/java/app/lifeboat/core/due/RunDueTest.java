package app.lifeboat.core.due;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.core.catalog.BackupType;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.platform.OsTimer;
import app.lifeboat.testing.TestDatabases;
import app.lifeboat.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-due end to end on a real database, with a clock the test moves forward. */
class RunDueTest {
    @TempDir
    Path dir;

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void dueBackupsRunOnceAsScheduledThenWaitForTheNextSlot() throws Exception {
        MovableClock clock = new MovableClock();
        try (BackupService service = new BackupService(new LifeboatHome(dir.resolve("home")), clock, Map.of())) {
            Path db = TestDatabases.create(dir.resolve("app.db"), 100);
            service.add(db, new DatabaseOptions(null, null, null, null, null, null, null, null, null, null, null, null,
                    false, null, null, null, null, "every 6h", "off", null));
            TestDatabases.create(dir.resolve("other.db"), 10);
            service.add(dir.resolve("other.db"), new DatabaseOptions(null, null, null, null, null, null, null, null, null,
                    null, null, null, false, null, null, null, null, "off", "off", null));

            List<DueOutcome> first = service.runDue(ProgressListener.NONE, Cancellation.none());
            assertEquals(1, first.size(), "only the scheduled database runs: " + first);
            assertTrue(first.get(0).ok());
            assertEquals(BackupType.SCHEDULED, service.list("app").records().get(0).type());

            clock.now = clock.now.plus(Duration.ofHours(5));
            assertTrue(service.runDue(ProgressListener.NONE, Cancellation.none()).isEmpty());

            clock.now = clock.now.plus(Duration.ofDays(3)); // the machine slept through twelve slots
            assertEquals(1, service.runDue(ProgressListener.NONE, Cancellation.none()).size());
            assertTrue(service.runDue(ProgressListener.NONE, Cancellation.none()).isEmpty(), "caught up once");
            assertEquals(2, service.list("app").records().size());
        }
    }

    @Test
    void reverificationChecksTheNewestAndRecordsIt() throws Exception {
        MovableClock clock = new MovableClock();
        try (BackupService service = new BackupService(new LifeboatHome(dir.resolve("home")), clock, Map.of())) {
            service.add(TestDatabases.create(dir.resolve("app.db"), 100), new DatabaseOptions(null, null, null, null,
                    null, null, null, null, null, null, null, null, false, null, null, null, null, "off", "weekly", null));
            BackupRecord b = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                    Cancellation.none()).created().backup();
            List<DueOutcome> out = service.runDue(ProgressListener.NONE, Cancellation.none());
            assertEquals(List.of("reverify"), out.stream().map(DueOutcome::action).toList());
            assertEquals(b.id(), out.get(0).backupId());
            assertTrue(service.list("app").records().get(0).verifiedAt() != null);
            assertTrue(service.runDue(ProgressListener.NONE, Cancellation.none()).isEmpty());
            clock.now = clock.now.plus(Duration.ofDays(8));
            assertFalse(service.runDue(ProgressListener.NONE, Cancellation.none()).isEmpty());
        }
    }

    @Test
    void aCopyQueuedWhileTheDestinationWasAwayGoesOutWithTheFirstRunDueOnceItIsBack() throws Exception {
        MovableClock clock = new MovableClock();
        try (BackupService service = new BackupService(new LifeboatHome(dir.resolve("home")), clock, Map.of())) {
            Path usb = Files.createDirectories(dir.resolve("usb"));
            service.addDestination(DestinationSettings.folder("usb", usb.toString()));
            service.add(TestDatabases.create(dir.resolve("app.db"), 100), new DatabaseOptions(null, null, null, null,
                    null, null, null, null, null, null, null, null, false, null, null, null, null, "off", "off", null));
            service.copyTo("app", new CopyTarget("usb", null, null));
            Files.move(usb, dir.resolve("usb-away"));
            String id = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                    Cancellation.none()).created().backup().id();
            for (int i = 0; i < 3; i++) { // the timer keeps trying while the drive is away
                clock.now = clock.now.plus(Duration.ofMinutes(15));
                List<DueOutcome> away = service.runDue(ProgressListener.NONE, Cancellation.none());
                assertEquals(List.of(false), away.stream().map(DueOutcome::ok).toList(), away.toString());
            }
            Files.move(dir.resolve("usb-away"), usb);
            clock.now = clock.now.plus(Duration.ofMinutes(15)); // the timer's next run
            List<DueOutcome> back = service.runDue(ProgressListener.NONE, Cancellation.none());
            assertEquals(List.of("copy to usb"), back.stream().map(DueOutcome::action).toList());
            assertTrue(back.get(0).ok(), back.toString());
            assertTrue(Files.exists(usb.resolve("app").resolve(id + ".json")));
            assertEquals(List.of(), service.pendingCopies("app"));
        }
    }

    @Test
    void systemdUnitsAreWrittenAndValid() throws Exception {
        Path unitDir = OsTimer.systemdUserDir(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()), dir);
        assertEquals(dir.resolve("xdg/systemd/user"), unitDir);
        List<Path> files = OsTimer.installSystemd(unitDir, OsTimer.command(Path.of("/usr/bin/java"),
                Path.of("/opt/life boat/lifeboat.jar"), dir.resolve("home")));
        assertEquals(List.of("lifeboat-run-due.service", "lifeboat-run-due.timer"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        String service = Files.readString(files.get(0));
        assertTrue(service.contains("ExecStart=/usr/bin/java -jar \"/opt/life boat/lifeboat.jar\" --home "), service);
        assertTrue(Files.readString(files.get(1)).contains("Persistent=true"));
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            // verify checks the syntax and that ExecStart's program exists
            Files.writeString(files.get(0), service.replace("/usr/bin/java", System.getProperty("java.home") + "/bin/java"));
            Tools.sh(dir, "systemd-analyze verify '" + files.get(1) + "' '" + files.get(0) + "'");
        }
        assertEquals(2, OsTimer.uninstallSystemd(unitDir).size());
        assertFalse(Files.exists(files.get(0)));
    }

    @Test
    void packagedLauncherRunsRunDueWithoutJavaOrJar() throws Exception {
        Path unitDir = dir.resolve("units");
        List<Path> files = OsTimer.installSystemd(unitDir,
                OsTimer.launcherCommand(Path.of("/opt/lifeboat/bin/lifeboat"), dir.resolve("home")));
        String service = Files.readString(files.get(0));
        assertTrue(service.contains("ExecStart=/opt/lifeboat/bin/lifeboat --home "), service);
        assertTrue(service.contains(" run-due\n"), service);
        assertFalse(service.contains("-jar"), service);
    }
}
