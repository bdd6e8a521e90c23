package app.lifeboat.core.create;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.sqlite.SourceCheck;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What must hold before a backup is written (and before a restore takes its pre-restore backup):
 * the source is a readable database, the destination folder exists, is writable and has room.
 * Each failure is one sentence saying what is wrong and what to do.
 */
public final class Preconditions {
    private Preconditions() {}

    public static void requireSource(DatabaseSettings db) {
        if (db.sourceEncrypted()) {
            if (!Files.isRegularFile(db.source())) {
                SourceCheck.requirePlainDatabase(db.source()); // reports missing file / folder precisely
            }
        } else {
            SourceCheck.requirePlainDatabase(db.source());
        }
    }

    public static void requireDestinationRoot(DatabaseSettings db) {
        Path root = Path.of(db.destination());
        if (!Files.isDirectory(root)) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the backup destination " + root
                    + " does not exist", Remedy.CHOOSE_DESTINATION, db.name());
        }
    }

    public static void requireSpace(DatabaseSettings db, Destination dest) {
        if (!dest.isWritable()) {
            throw new LifeboatException(ErrorCode.DESTINATION_UNAVAILABLE, "the backup destination "
                    + dest.describe() + " is not writable — check its permissions or whether it is mounted read-only");
        }
        long need = 2 * SourceCheck.sizeWithWal(db.source());
        long free = dest.usableSpaceBytes();
        if (free >= 0 && free < need) {
            throw new LifeboatException(ErrorCode.NO_SPACE, "not enough free space at " + dest.describe()
                    + ": a backup of " + db.name() + " needs " + Bytes.human(need) + " but only " + Bytes.human(free)
                    + " is free — free up space or choose another destination");
        }
    }
}
