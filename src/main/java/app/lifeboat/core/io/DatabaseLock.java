package app.lifeboat.core.io;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import java.io.IOException;
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
        try {
            FileSafety.createPrivateDirectories(lockDir);
            FileChannel ch = FileChannel.open(lockDir.resolve(database + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this same process (another window or thread)
            }
            if (l == null) {
                ch.close();
                throw new LifeboatException(ErrorCode.BUSY, "another Lifeboat operation is running on '"
                        + database + "' — wait for it to finish and try again");
            }
            return new DatabaseLock(ch, l);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot create the lock file in " + lockDir
                    + " — check that the Lifeboat home folder is writable", e);
        }
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
