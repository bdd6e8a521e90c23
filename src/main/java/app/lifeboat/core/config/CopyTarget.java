package app.lifeboat.core.config;

import app.lifeboat.core.retention.RetentionPolicy;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A destination a database's backups are copied to after each backup, with its own retention.
 *
 * @param destination the name of a registered destination
 * @param keep the keep-rules there; null means the database's own
 * @param maxCount keep at most this many there; null means the database's own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyTarget(String destination, KeepRules keep, Integer maxCount) {

    /** Retention at this copy: its own rules where set, the database's otherwise. */
    @JsonIgnore
    public RetentionPolicy retentionPolicy(DatabaseSettings db) {
        DatabaseSettings.Builder b = db.toBuilder();
        if (keep != null) {
            b.keep(KeepRules.NONE.merge(keep));
        }
        if (maxCount != null) {
            b.maxCount(maxCount);
        }
        if (keep != null || maxCount != null) {
            b.maxAgeDays(0);
        }
        return b.build().retentionPolicy();
    }
}
