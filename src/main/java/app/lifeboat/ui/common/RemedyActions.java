package app.lifeboat.ui.common;

import app.lifeboat.core.base.Remedy;
import java.util.List;
import java.util.Optional;

/** The window's action for an engine remedy kind, when it has one: the button an error dialog offers. */
@FunctionalInterface
public interface RemedyActions {
    /** The action that carries out {@code remedy}, or empty when the window has no button for it. */
    Optional<Runnable> actionFor(Remedy remedy, List<String> args);

    static RemedyActions none() {
        return (remedy, args) -> Optional.empty();
    }
}
