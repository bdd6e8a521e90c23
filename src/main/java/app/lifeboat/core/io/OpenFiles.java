package app.lifeboat.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which programs have a file open, so a refusal can say which one to close. Linux only (it reads
 * {@code /proc}); elsewhere, and for processes of other users, it finds nothing and callers say
 * "another program".
 */
public final class OpenFiles {
    private static final Path PROC = Path.of("/proc");

    private OpenFiles() {}

    /** Names of the other processes that have {@code file} (or its -wal, -shm or -journal) open. */
    public static Set<String> holders(Path file) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(PROC)) {
            return names;
        }
        Path abs = file.toAbsolutePath().normalize();
        Set<Path> targets = Set.of(abs, abs.resolveSibling(abs.getFileName() + "-wal"),
                abs.resolveSibling(abs.getFileName() + "-shm"), abs.resolveSibling(abs.getFileName() + "-journal"));
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                if (Long.parseLong(pid.getFileName().toString()) != self && holds(pid, targets)) {
                    names.add(commandName(pid));
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: an unreadable /proc only makes the message less specific
        }
        return names;
    }

    private static boolean holds(Path pid, Set<Path> targets) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (targets.contains(Files.readSymbolicLink(fd))) {
                        return true;
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException e) {
            // another user's process, or it exited
        }
        return false;
    }

    private static String commandName(Path pid) {
        try {
            return Files.readString(pid.resolve("comm")).strip() + " (pid " + pid.getFileName() + ")";
        } catch (IOException e) {
            return "pid " + pid.getFileName();
        }
    }
}
