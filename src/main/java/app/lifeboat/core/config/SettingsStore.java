package app.lifeboat.core.config;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code settings.json}. Updates are read-modify-write under a file lock so the
 * GUI and a CLI run changing settings at the same moment do not lose each other's change.
 */
public final class SettingsStore {
    private final LifeboatHome home;

    public SettingsStore(LifeboatHome home) {
        this.home = home;
    }

    public LifeboatHome home() {
        return home;
    }

    public Settings load() {
        try {
            byte[] bytes = Files.readAllBytes(home.settingsFile());
            return Json.mapper().readValue(bytes, Settings.class);
        } catch (NoSuchFileException e) {
            return Settings.empty();
        } catch (IOException | RuntimeException e) {
            throw new LifeboatException(ErrorCode.MALFORMED_METADATA, "the settings file " + home.settingsFile()
                    + " is not valid JSON — fix it by hand or move it away to start fresh", e);
        }
    }

    /** Applies {@code change} to the current settings and saves the result atomically. */
    public Settings update(UnaryOperator<Settings> change) {
        try {
            FileSafety.createPrivateDirectories(home.root());
            try (FileChannel ch = FileChannel.open(home.root().resolve(".settings.lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                Settings next = change.apply(load());
                FileSafety.writeAtomically(home.settingsFile(), Json.mapper().writeValueAsBytes(next));
                return next;
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot save settings in " + home.root()
                    + " — check that the folder is writable and the disk is not full", e);
        }
    }

    /** The modification time of the settings file, for the GUI to notice changes made elsewhere. */
    public long lastModifiedMillis() {
        try {
            return Files.getLastModifiedTime(home.settingsFile()).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
