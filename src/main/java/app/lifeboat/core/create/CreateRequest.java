package app.lifeboat.core.create;

import app.lifeboat.core.catalog.BackupType;
import java.util.List;

/**
 * What to back up and how to label it.
 *
 * @param force take the backup even if the one-per-day rule would skip it
 */
public record CreateRequest(BackupType type, boolean force, List<String> tags, String description) {
    public CreateRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static CreateRequest manual() {
        return new CreateRequest(BackupType.MANUAL, false, List.of(), null);
    }
}
