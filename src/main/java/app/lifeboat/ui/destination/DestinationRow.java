package app.lifeboat.ui.destination;

import app.lifeboat.core.config.DestinationSettings;
import java.util.List;

/**
 * One line of the destinations table, computed off the FX thread.
 *
 * @param users the databases whose backups are copied there
 */
public record DestinationRow(DestinationSettings settings, List<String> users) {
    public DestinationRow {
        users = List.copyOf(users);
    }

    public String name() {
        return settings.name();
    }

    public String kind() {
        return settings.kind().label();
    }

    public String url() {
        return settings.url();
    }
}
