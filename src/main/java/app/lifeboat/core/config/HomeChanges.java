package app.lifeboat.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A cheap fingerprint of what other processes may change under a running GUI: the settings file,
 * the last-run notes, and each database's backup folder. Only modification times are read (no file
 * contents), so polling it every few seconds costs a handful of {@code stat} calls.
 *
 * <p>A folder's time changes when a file is created, renamed into it or deleted, which covers every
 * catalog write: sidecars are replaced by an atomic rename.
 */
public final class HomeChanges {
    private HomeChanges() {}

    /** Returns a value that differs whenever settings, last runs or any catalog changed on disk. */
    public static long stamp(LifeboatHome home, List<DatabaseSettings> databases) {
        long h = new SettingsStore(home).lastModifiedMillis();
        h = 31 * h + mtime(home.root().resolve("state"));
        for (DatabaseSettings d : databases) {
            h = 31 * h + Objects.hash(d.name(), d.destination(), d.enabled());
            h = 31 * h + mtime(d.backupFolder());
            h = 31 * h + mtime(Path.of(d.destination()));
        }
        return h;
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
