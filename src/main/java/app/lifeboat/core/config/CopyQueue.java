package app.lifeboat.core.config;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.FileSafety;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The copies of each database that wait for a destination to come back, one JSON file per
 * database in the home's {@code state} folder. Changed only under the database's lock.
 */
public final class CopyQueue {
    private final Path folder;

    public CopyQueue(Path folder) {
        this.folder = folder;
    }

    /** The pending copies of {@code database}; an unreadable file counts as empty and is rewritten by the next change. */
    public List<PendingCopy> of(String database) {
        try {
            return List.copyOf(Json.mapper().readValue(Files.readAllBytes(file(database)),
                    new TypeReference<List<PendingCopy>>() {}));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            // Losing the queue loses only retries: the next backup copies again, and list --at shows what is there.
            return List.of();
        }
    }

    /** Adds or replaces the pending copy of the same backup to the same destination. */
    public void put(String database, PendingCopy p) {
        List<PendingCopy> list = new ArrayList<>(of(database));
        list.removeIf(x -> x.backupId().equals(p.backupId()) && x.destination().equals(p.destination()));
        list.add(p);
        write(database, list);
    }

    public void remove(String database, String backupId, String destination) {
        List<PendingCopy> list = new ArrayList<>(of(database));
        if (list.removeIf(x -> x.backupId().equals(backupId) && x.destination().equals(destination))) {
            write(database, list);
        }
    }

    /** Drops every pending copy to {@code destination} (the database stopped copying there). */
    public void forget(String database, String destination) {
        List<PendingCopy> list = new ArrayList<>(of(database));
        if (list.removeIf(x -> x.destination().equals(destination))) {
            write(database, list);
        }
    }

    private Path file(String database) {
        return folder.resolve(database + ".copies.json");
    }

    private void write(String database, List<PendingCopy> list) {
        try {
            Path f = file(database);
            if (list.isEmpty()) {
                Files.deleteIfExists(f);
                return;
            }
            FileSafety.createPrivateDirectories(folder);
            FileSafety.writeAtomically(f, Json.mapper().writeValueAsBytes(list));
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR,
                    "cannot save the list of pending copies in " + folder, e);
        }
    }
}
