package app.lifeboat.ui.common;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** Native file pickers behind an interface, so tests can answer them without a real dialog. */
public interface FileDialogs {
    Optional<Path> chooseDatabase(Window owner);

    Optional<Path> chooseFolder(Window owner, Path initial);

    Optional<Path> chooseNewFile(Window owner, String suggestedName);

    /** An age identity file (secret key) for restoring backups encrypted to a public key. */
    default Optional<Path> chooseIdentity(Window owner) {
        return Optional.empty();
    }
}
