package app.lifeboat.ui;

import app.lifeboat.ui.common.FileDialogs;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** File pickers answered by the test. */
public final class FakeFileDialogs implements FileDialogs {
    public volatile Path database;
    public volatile Path folder;
    public volatile Path newFile;

    @Override
    public Optional<Path> chooseDatabase(Window owner) {
        return Optional.ofNullable(database);
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, Path initial) {
        return Optional.ofNullable(folder);
    }

    @Override
    public Optional<Path> chooseNewFile(Window owner, String suggestedName) {
        return Optional.ofNullable(newFile);
    }
}
