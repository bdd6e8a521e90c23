package app.lifeboat.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The real {@link FileDialogs}: JavaFX's native choosers. */
public final class FxFileDialogs implements FileDialogs {
    private final Messages messages;

    public FxFileDialogs(Messages messages) {
        this.messages = messages;
    }

    @Override
    public Optional<Path> chooseDatabase(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("add.chooser.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(messages.get("add.chooser.sqlite"), "*.db", "*.sqlite", "*.sqlite3", "*.db3"),
                new FileChooser.ExtensionFilter(messages.get("add.chooser.all"), "*"));
        return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseIdentity(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("identity.chooser.title"));
        return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, Path initial) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(messages.get("folder.chooser.title"));
        // No initial folder: checking that it exists would be file I/O on the FX thread, and a
        // missing one (an unplugged drive, the usual reason to come here) makes some dialogs fail.
        return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseNewFile(Window owner, String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("restore.copy.chooser.title"));
        chooser.setInitialFileName(suggestedName);
        return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
    }
}
