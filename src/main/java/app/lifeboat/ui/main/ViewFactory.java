package app.lifeboat.ui.main;

import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationsViewModel;
import javafx.scene.Parent;

/** Loads secondary views from FXML with their controllers wired by the composition root. */
public interface ViewFactory {
    Parent databaseForm(DatabaseFormViewModel model);

    /** The Destinations window's content. */
    Parent destinations(DestinationsViewModel model);
}
