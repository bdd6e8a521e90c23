package app.lifeboat.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.LifeboatHome;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiPreferencesTest {
    @TempDir
    Path dir;

    @Test
    void preferencesLiveInTheHomesSettingsAndSurviveARestart() throws Exception {
        LifeboatHome home = new LifeboatHome(dir);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (BackupService service = new BackupService(home)) {
            UiPreferences prefs = new UiPreferences(service, executor).load();
            prefs.put(UiPreferences.THEME, "dark").get(5, TimeUnit.SECONDS);
            prefs.put(UiPreferences.SELECTED, "app").get(5, TimeUnit.SECONDS);
            UiPreferences again = new UiPreferences(service, executor).load();
            assertTrue(again.darkTheme());
            assertEquals("app", again.get(UiPreferences.SELECTED).orElseThrow());
            try (BackupService cli = new BackupService(home)) {
                assertTrue(cli.databases().isEmpty(), "the CLI still reads the same settings file");
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
