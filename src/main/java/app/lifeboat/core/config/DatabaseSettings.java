package app.lifeboat.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered database and how it is backed up. Backups go to
 * {@code <destination>/<name>/}.
 *
 * @param maxCount keep at most this many backups (0 = no limit)
 * @param maxAgeDays delete backups older than this (0 = no limit)
 * @param onePerDay skip a second backup on the same UTC day unless forced
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseSettings(
        String name,
        String sourcePath,
        String destination,
        boolean enabled,
        int maxCount,
        int maxAgeDays,
        boolean onePerDay,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public DatabaseSettings {
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    public Path source() {
        return Path.of(sourcePath);
    }

    /** The folder that holds this database's backups and sidecars. */
    public Path backupFolder() {
        return Path.of(destination).resolve(name);
    }

    public DatabaseSettings withEnabled(boolean e) {
        return new DatabaseSettings(name, sourcePath, destination, e, maxCount, maxAgeDays, onePerDay, extra);
    }
}
