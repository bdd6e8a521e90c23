package app.lifeboat.ui.main;

import app.lifeboat.core.catalog.BackupRecord;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;

/** The selected backup's details, and the size-over-time chart of the selected database. */
public final class BackupDetailsController {
    private final MainViewModel model;
    private final Messages messages;
    private final Format format;

    @FXML private Label detailsLabel;
    @FXML private ListView<String> tablesList;
    @FXML private ListView<String> checksList;
    @FXML private Tab historyTab;
    @FXML private Label totalsLabel;
    @FXML private LineChart<Number, Number> sizeChart;
    @FXML private NumberAxis timeAxis;

    public BackupDetailsController(MainViewModel model, Messages messages, Format format) {
        this.model = model;
        this.messages = messages;
        this.format = format;
    }

    @FXML
    private void initialize() {
        HistoryChart history = new HistoryChart(sizeChart, timeAxis, totalsLabel, messages, format);
        // The chart is drawn only while its tab is shown: laying out a chart is the costliest thing here.
        Runnable chart = () -> {
            if (historyTab.isSelected()) {
                history.show(model.backups(), model.statsProperty().get());
            }
        };
        model.backups().addListener((ListChangeListener<BackupRow>) c -> chart.run());
        model.statsProperty().addListener((o, a, s) -> chart.run());
        historyTab.selectedProperty().addListener((o, a, selected) -> chart.run());
        model.selectedBackupProperty().addListener((o, a, row) -> showDetails(row));
        showDetails(model.selectedBackupProperty().get());
    }

    private void showDetails(BackupRow row) {
        if (row == null) {
            detailsLabel.setText(messages.get("details.none"));
            tablesList.getItems().clear();
            checksList.getItems().clear();
            return;
        }
        BackupRecord r = row.record();
        detailsLabel.setText(messages.get("details.summary", r.id(),
                r.isIncremental() ? messages.get("details.incrementalFile", r.versionId()) : r.file(),
                r.isIncremental() ? messages.get("details.incrementalSha", r.originalCrc32c()) : r.sha256(), r.pageSize(), r.pageCount(),
                r.userVersion(), r.quickCheck() == null ? "–" : r.quickCheck(), format.dateTime(r.verifiedAt()),
                r.sourcePath() == null ? "–" : r.sourcePath(), r.toolVersion() == null ? "–" : r.toolVersion(),
                r.codec() == null ? "none" : r.codec()));
        tablesList.getItems().setAll(r.tables().entrySet().stream()
                .map(e -> messages.get("details.table", e.getKey(), e.getValue())).toList());
        checksList.getItems().setAll(r.lastVerification() == null ? List.of(messages.get("details.neverVerified"))
                : r.lastVerification().checks());
    }
}
