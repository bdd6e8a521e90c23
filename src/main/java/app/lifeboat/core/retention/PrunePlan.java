package app.lifeboat.core.retention;

import app.lifeboat.core.catalog.BackupRecord;
import java.util.List;

/** Per backup, keep or delete and the rule that decided it; plus crash leftovers to remove. */
public record PrunePlan(List<Decision> decisions, List<String> leftovers) {
    public PrunePlan {
        decisions = List.copyOf(decisions);
        leftovers = List.copyOf(leftovers);
    }

    public List<BackupRecord> deletions() {
        return decisions.stream().filter(d -> !d.keep()).map(Decision::backup).toList();
    }

    /** One backup's fate. */
    public record Decision(BackupRecord backup, boolean keep, String reason) {}
}
