package app.lifeboat.ui.main;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.health.Stats;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.Messages;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.util.StringConverter;

/** Fills the size-over-time chart and the totals line from rows already in memory. */
final class HistoryChart {
    private static final double MIB = 1024.0 * 1024.0;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final LineChart<Number, Number> chart;
    private final Label totals;
    private final Messages messages;
    private final Format format;

    HistoryChart(LineChart<Number, Number> chart, NumberAxis timeAxis, Label totals, Messages messages, Format format) {
        this.chart = chart;
        this.totals = totals;
        this.messages = messages;
        this.format = format;
        timeAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number millis) {
                return DAY.format(Instant.ofEpochMilli(millis.longValue()).atZone(ZoneId.systemDefault()));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
    }

    void show(List<BackupRow> rows, Stats stats) {
        XYChart.Series<Number, Number> stored = new XYChart.Series<>();
        stored.setName(messages.get("history.series.stored"));
        XYChart.Series<Number, Number> original = new XYChart.Series<>();
        original.setName(messages.get("history.series.original"));
        List<BackupRow> oldestFirst = new ArrayList<>(rows);
        oldestFirst.sort((a, b) -> a.created().compareTo(b.created()));
        for (BackupRow r : oldestFirst) {
            long t = r.created().at().toEpochMilli();
            stored.getData().add(new XYChart.Data<>(t, r.stored().bytes() / MIB));
            original.getData().add(new XYChart.Data<>(t, r.original().bytes() / MIB));
        }
        chart.getData().setAll(List.of(stored, original));
        totals.setText(stats == null ? "" : messages.get("history.totals", stats.count(), stats.goodCount(),
                Bytes.human(stats.totalStoredBytes()), format.dateTime(stats.oldest()), format.dateTime(stats.newest()),
                String.format(Locale.ROOT, "%.2f", stats.averageRatio())));
    }
}
