package app.lifeboat.core.io;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cross-process lock for one database, so the GUI, the scheduler and a CLI run never back up,
 * restore or prune the same database at once. Backed by an OS file lock, which the kernel releases
 * when the process dies, so a killed run never leaves a database locked.
 */
public final class DatabaseLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with a {@code BUSY} error naming the database. */
    public static DatabaseLock acquire(Path lockDir, String database) {
        return acquire(lockDir, database, "another Lifeboat operation");
    }

    /**
     * Takes the lock or fails at once with a {@code BUSY} error that says what holds it.
     *
     * @param what the operation taking it, e.g. "scheduled backup": written into the lock file so
     *     that another process (the window, a CLI run) can say what is running
     */
    public static DatabaseLock acquire(Path lockDir, String database, String what) {
        try {
            FileSafety.createPrivateDirectories(lockDir);
            FileChannel ch = FileChannel.open(lockFile(lockDir, database), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this same process (another window or thread)
            }
            if (l == null) {
                ch.close();
                String holder = holder(lockDir, database).orElse("another Lifeboat operation");
                throw new LifeboatException(ErrorCode.BUSY, holder + " is running on '" + database + "'",
                        Remedy.WAIT_AND_RETRY);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((what + " (pid " + ProcessHandle.current().pid() + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DatabaseLock(ch, l);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot create the lock file in " + lockDir
                    + " — check that the Lifeboat home folder is writable", e);
        }
    }

    /**
     * What holds {@code database}'s lock now, as its holder described itself, or empty when it is
     * free. The text comes from a file, so it is cut to one printable line.
     */
    public static Optional<String> holder(Path lockDir, String database) {
        Path file = lockFile(lockDir, database);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null;
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.allocate(200);
            ch.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).lines().findFirst().orElse("")
                    .replaceAll("\\p{Cntrl}", "").strip();
            return Optional.of(text.isEmpty() ? "another Lifeboat operation" : text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path lockFile(Path lockDir, String database) {
        return lockDir.resolve(database + ".lock");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
