package app.lifeboat.ui;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.due.DueOutcome;
import app.lifeboat.core.health.DatabaseHealth;
import app.lifeboat.core.health.Warning;
import app.lifeboat.ui.common.Messages;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * Desktop notifications for what happens while nobody is looking: a scheduled backup or
 * re-verification that failed, and a database that has just become stale. Called on the
 * scheduler's thread (health is read there); shows the popups on the FX thread.
 */
final class Notifier {
    private final BackupService service;
    private final Messages messages;
    private final BiConsumer<String, String> shown;
    private final Set<String> knownStale = new HashSet<>();
    private boolean first = true;

    /** @param shown shows a title and text on the FX thread (by the tray icon or in the window) */
    Notifier(BackupService service, Messages messages, BiConsumer<String, String> shown) {
        this.service = service;
        this.messages = messages;
        this.shown = shown;
    }

    /** The scheduler's listener: one call after every check. */
    void afterCheck(List<DueOutcome> outcomes) {
        for (DueOutcome o : outcomes) {
            if (!o.ok()) {
                show(messages.get("notify." + o.action() + ".failed", o.database()), o.message());
            }
        }
        Set<String> stale = new HashSet<>();
        for (DatabaseHealth h : service.databases().stream().map(d -> service.health(d.name())).toList()) {
            if (h.warnings().stream().anyMatch(w -> w.code() == Warning.Code.STALE)) {
                stale.add(h.database());
                if (!first && !knownStale.contains(h.database())) {
                    show(messages.get("notify.stale", h.database()), h.warnings().stream()
                            .filter(w -> w.code() == Warning.Code.STALE).findFirst().orElseThrow().message());
                }
            }
        }
        knownStale.clear();
        knownStale.addAll(stale);
        first = false;
    }

    private void show(String title, String text) {
        Platform.runLater(() -> shown.accept(title, text));
    }
}
