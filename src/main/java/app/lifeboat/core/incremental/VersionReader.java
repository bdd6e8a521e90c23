package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.FileSafety;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores or checks one version: reads its tree, then every page frame pack by pack in offset
 * order, authenticating and hashing each one, writing each page at its place in the target. Memory
 * holds the page ids (32 bytes a page) and one frame, whatever the database size.
 */
final class VersionReader {
    private final IncrementalStore owner;

    VersionReader(IncrementalStore owner) {
        this.owner = owner;
    }

    /** Reads version {@code v} into {@code target}, or only checks it when {@code target} is null. */
    VersionCheck read(StoreVersion v, Path target, ProgressListener progress, Cancellation cancel) throws IOException {
        StoreKeys keys = owner.keys(false);
        StoreIndex index = owner.index();
        FrameReader reader = new FrameReader(owner.destination(), keys, owner.dictionaries());
        TreeWalk walk = new TreeWalk(index, reader);
        List<String> problems = new ArrayList<>();
        FrameId[] pages = walk.pages(v, where -> { }, cancel);
        if (pages == null) {
            return new VersionCheck(v.id(), 0, walk.problems());
        }
        List<FrameReader.Request> reqs = new ArrayList<>(pages.length);
        Map<String, Integer> packOrder = new HashMap<>();
        for (int i = 0; i < pages.length; i++) {
            Pack.Location loc = index.locate(pages[i]);
            if (loc == null) {
                problems.add("page " + (i + 1) + " (frame " + pages[i] + ") is not in the store");
                if (problems.size() >= 10) {
                    break;
                }
                continue;
            }
            packOrder.putIfAbsent(loc.pack().name(), packOrder.size());
            reqs.add(new FrameReader.Request(loc, i));
        }
        if (!problems.isEmpty()) {
            return new VersionCheck(v.id(), 0, problems);
        }
        pages = null; // the requests hold what is still needed
        reqs.sort(Comparator.comparingInt((FrameReader.Request r) -> packOrder.get(r.where().pack().name()))
                .thenComparingInt(r -> r.where().entry().offset()));
        FileChannel out = target == null ? null : openTarget(target);
        try {
            long total = v.sizeBytes();
            long[] done = {0, 0};
            reader.read(reqs, (r, plain) -> {
                long at = (long) r.tag() * v.pageSize();
                int expected = (int) Math.min(v.pageSize(), total - at);
                if (plain.length != expected) {
                    problems.add("page " + (r.tag() + 1) + " has " + plain.length + " bytes, expected " + expected);
                    return;
                }
                if (out != null) {
                    ByteBuffer b = ByteBuffer.wrap(plain);
                    while (b.hasRemaining()) {
                        out.write(b, at + b.position());
                    }
                }
                done[0] += plain.length;
                if (++done[1] % 256 == 0) {
                    progress.progress(ProgressListener.Phase.RESTORE, done[0], total);
                    cancel.check();
                }
            }, (pack, problem) -> problems.add(problem), cancel);
            if (out != null && problems.isEmpty()) {
                out.truncate(total);
                out.force(true);
            }
            progress.progress(ProgressListener.Phase.RESTORE, done[0], total);
            return new VersionCheck(v.id(), done[1], problems);
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private static FileChannel openTarget(Path target) throws IOException {
        if (!Files.exists(target)) {
            FileSafety.createPrivateFile(target);
        }
        return FileSafety.openEmptyForWriting(target);
    }
}
