package app.lifeboat.core.config;

import app.lifeboat.core.base.Json;
import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The small notes of how each database's last backup and last re-verification went, one JSON
 * file each in the home's {@code state} folder, so health warnings survive between runs.
 */
public final class RunNotes {
    private final Path folder;

    public RunNotes(Path folder) {
        this.folder = folder;
    }

    public Optional<LastRun> lastBackup(String database) {
        return read(database);
    }

    public Optional<LastRun> lastReverify(String database) {
        return read(database + ".reverify");
    }

    public void recordBackup(String database, LastRun run) {
        write(database, run);
    }

    public void recordReverify(String database, LastRun run) {
        write(database + ".reverify", run);
    }

    private Path file(String key) {
        return folder.resolve(key + ".json");
    }

    private Optional<LastRun> read(String key) {
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file(key)), LastRun.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(String key, LastRun run) {
        try {
            Path f = file(key);
            FileSafety.createPrivateDirectories(f.getParent());
            FileSafety.writeAtomically(f, Json.mapper().writeValueAsBytes(run));
        } catch (IOException e) {
            // Losing this note only weakens a warning; the backup itself is what matters.
        }
    }
}
