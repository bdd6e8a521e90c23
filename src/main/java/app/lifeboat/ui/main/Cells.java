package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupStatus;
import app.lifeboat.ui.common.ActivityEntry;
import app.lifeboat.ui.common.Messages;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The main window's cells. They only show precomputed values: no I/O, no formatting of files. */
final class Cells {
    private Cells() {}

    private static void setStyleVariant(Node node, List<String> all, String current) {
        node.getStyleClass().removeAll(all);
        if (current != null) {
            node.getStyleClass().add(current);
        }
    }

    /** A database with its health badge and the age of its newest good backup. */
    static final class DatabaseCell extends ListCell<DatabaseItem> {
        private static final List<String> LEVELS = List.of("level-ok", "level-warning", "level-error");
        private final Messages messages;
        private final Label name = new Label();
        private final Label lastGood = new Label();
        private final Label badge = new Label();
        private final HBox box;

        DatabaseCell(Messages messages) {
            this.messages = messages;
            name.getStyleClass().add("database-name");
            lastGood.getStyleClass().add("database-last-good");
            badge.getStyleClass().add("health-badge");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            box = new HBox(6, new VBox(2, name, lastGood), spacer, badge);
            box.setAlignment(Pos.CENTER_LEFT);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            // Fit the list's width instead of widening it (no horizontal scroll bar).
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(DatabaseItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            String level = item.level().label();
            name.setText(item.name());
            lastGood.setText(messages.get(item.settings().enabled() ? "databases.lastGood" : "databases.lastGoodDisabled",
                    item.lastGood()));
            badge.setText(messages.get("health." + level));
            setStyleVariant(badge, LEVELS, "level-" + level);
            setGraphic(box);
        }
    }

    /** A backup's status with an icon shape (CSS) and its name. */
    static final class StatusCell extends TableCell<BackupRow, BackupStatus> {
        private static final List<String> STATUSES = List.of("status-ok", "status-verified", "status-failed",
                "status-source-corrupt");
        private final Messages messages;
        private final Region icon = new Region();

        StatusCell(Messages messages) {
            this.messages = messages;
            icon.getStyleClass().add("status-icon");
        }

        @Override
        protected void updateItem(BackupStatus status, boolean empty) {
            super.updateItem(status, empty);
            if (empty || status == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(messages.get("status." + status.label()));
            setStyleVariant(icon, STATUSES, "status-" + status.label());
            setGraphic(icon);
        }
    }

    /** A yes/blank cell for booleans. */
    static final class FlagCell extends TableCell<BackupRow, Boolean> {
        private final String yes;

        FlagCell(String yes) {
            this.yes = yes;
        }

        @Override
        protected void updateItem(Boolean value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null || !value ? null : yes);
        }
    }

    /** A finished operation: time, what, how it ended, one sentence. */
    static final class ActivityCell extends ListCell<ActivityEntry> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
        private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        private static final List<String> OUTCOMES = List.of("outcome-ok", "outcome-failed", "outcome-cancelled",
                "outcome-busy");
        private final Messages messages;

        ActivityCell(Messages messages) {
            this.messages = messages;
        }

        @Override
        protected void updateItem(ActivityEntry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setText(null);
                setStyleVariant(this, OUTCOMES, null);
                return;
            }
            String outcome = e.outcome().name().toLowerCase(Locale.ROOT);
            var at = e.at().atZone(ZoneId.systemDefault());
            boolean today = at.toLocalDate().equals(LocalDate.now(at.getZone()));
            setText(messages.get("activity.line", (today ? TIME : DAY_TIME).format(at), e.title(),
                    messages.get("activity.outcome." + outcome), e.message()));
            setStyleVariant(this, OUTCOMES, "outcome-" + outcome);
        }
    }
}
