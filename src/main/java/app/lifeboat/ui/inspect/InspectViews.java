package app.lifeboat.ui.inspect;

import javafx.scene.Parent;

/** Loads the inspection windows' views from FXML with their controllers (the composition root). */
public interface InspectViews {
    /** The backup browser's content. */
    Parent browser(BrowserViewModel model);

    /** The Compare window's content. */
    Parent compare(CompareViewModel model);
}
