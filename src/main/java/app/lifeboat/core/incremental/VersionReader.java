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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
        PageIds pages = walk.pages(v, where -> { }, cancel);
        if (pages == null) {
            return new VersionCheck(v.id(), 0, walk.problems());
        }
        // One long per page, (frame number << 32 | page number): sorted, each pack's frames come
        // together in offset order. Objects per page cost about 130 bytes a page at 2 GiB.
        long[] order = new long[pages.size()];
        for (int i = 0; i < pages.size(); i++) {
            FrameId id = pages.get(i);
            int f = index.frameOf(id);
            if (f < 0) {
                problems.add("page " + (i + 1) + " (frame " + id + ") is not in the store");
                if (problems.size() >= 10) {
                    break;
                }
                continue;
            }
            order[i] = ((long) f << 32) | i;
        }
        if (!problems.isEmpty()) {
            return new VersionCheck(v.id(), 0, problems);
        }
        pages = null;
        Arrays.sort(order);
        FileChannel out = target == null ? null : openTarget(target);
        try {
            long total = v.sizeBytes();
            AtomicLong bytes = new AtomicLong();
            AtomicLong frames = new AtomicLong();
            List<String> found = Collections.synchronizedList(problems);
            Dictionaries dictionaries = owner.dictionaries();
            AtomicBoolean stop = new AtomicBoolean();
            Worker second = new Worker(index, order, 1, new FrameReader(owner.destination(), keys.forAnotherThread(), dictionaries),
                    v, out, found, bytes, frames, ProgressListener.NONE, cancel, stop);
            Thread t = new Thread(second, "lifeboat-assemble");
            t.setDaemon(true);
            t.start();
            // Progress is reported from this thread only: listeners need not be thread-safe.
            Worker first = new Worker(index, order, 0, new FrameReader(owner.destination(), keys, dictionaries), v, out, found,
                    bytes, frames, progress, cancel, stop);
            try {
                first.run();
            } finally {
                joinQuietly(t);
            }
            // The one that failed first is the cause; the other may only have stopped because of it.
            if (first.stoppedByOther()) {
                second.rethrow();
            }
            first.rethrow();
            second.rethrow();
            if (out != null && problems.isEmpty()) {
                out.truncate(total);
            }
            progress.progress(ProgressListener.Phase.RESTORE, bytes.get(), total);
            return new VersionCheck(v.id(), frames.get(), problems);
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the worker must be done before the file closes
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown by a worker that stops because the other one failed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped: the other worker failed", null, false, false);
        }
    }

    /**
     * Reads the frames of the packs of its parity (decoding and hashing is the CPU-bound part, and
     * frames are independent) and writes each page at its place; keeps what it threw for the caller.
     */
    private static final class Worker implements Runnable {
        private final StoreIndex index;
        private final long[] order;
        private final int parity;
        private final FrameReader reader;
        private final StoreVersion v;
        private final RunWriter run;
        private final List<String> problems;
        private final AtomicLong bytes;
        private final AtomicLong frames;
        private final ProgressListener progress;
        private final Cancellation cancel;
        private final AtomicBoolean stop;
        private Throwable thrown;

        Worker(StoreIndex index, long[] order, int parity, FrameReader reader, StoreVersion v, FileChannel out,
                List<String> problems, AtomicLong bytes, AtomicLong frames, ProgressListener progress, Cancellation cancel,
                AtomicBoolean stop) {
            this.index = index;
            this.order = order;
            this.parity = parity;
            this.reader = reader;
            this.v = v;
            this.run = out == null ? null : new RunWriter(out);
            this.problems = problems;
            this.bytes = bytes;
            this.frames = frames;
            this.progress = progress;
            this.cancel = cancel;
            this.stop = stop;
        }

        @Override
        public void run() {
            try {
                List<FrameReader.Request> reqs = new ArrayList<>();
                for (int i = 0; i < order.length; ) {
                    int pack = index.packNumber((int) (order[i] >>> 32));
                    int end = i;
                    while (end < order.length && index.packNumber((int) (order[end] >>> 32)) == pack) {
                        end++;
                    }
                    if (pack % 2 == parity) {
                        reqs.clear();
                        for (int j = i; j < end; j++) {
                            reqs.add(new FrameReader.Request(index.location((int) (order[j] >>> 32)), (int) order[j]));
                        }
                        readPack(reqs);
                    }
                    i = end;
                }
                if (run != null) {
                    run.flush();
                }
            } catch (Throwable e) { // handed to the calling thread, which reports it
                thrown = e;
                stop.set(true);
            }
        }

        private void readPack(List<FrameReader.Request> reqs) throws IOException {
            long total = v.sizeBytes();
            reader.read(reqs, (r, plain) -> {
                long at = (long) r.tag() * v.pageSize();
                int expected = (int) Math.min(v.pageSize(), total - at);
                if (plain.length != expected) {
                    problems.add("page " + (r.tag() + 1) + " has " + plain.length + " bytes, expected " + expected);
                    return;
                }
                if (run != null) {
                    run.write(at, plain);
                }
                long done = bytes.addAndGet(plain.length);
                if (frames.incrementAndGet() % 256 == 0) {
                    progress.progress(ProgressListener.Phase.RESTORE, done, total);
                    cancel.check();
                    if (stop.get()) {
                        throw new Stopped();
                    }
                }
            }, (pack, problem) -> problems.add(problem), cancel);
        }

        boolean stoppedByOther() {
            return thrown instanceof Stopped;
        }

        void rethrow() throws IOException {
            if (thrown instanceof IOException io) {
                throw io;
            }
            if (thrown instanceof RuntimeException re) {
                throw re;
            }
            if (thrown instanceof Error err) {
                throw err;
            }
        }
    }

    /**
     * Gathers pages that follow each other in the file into one write: a pack written in one go
     * holds its pages mostly in file order, and a write per page was 262,144 calls per GiB.
     */
    private static final class RunWriter {
        private final FileChannel out;
        private final ByteBuffer run = ByteBuffer.allocate(1 << 20);
        private long start = -1;

        RunWriter(FileChannel out) {
            this.out = out;
        }

        void write(long at, byte[] page) throws IOException {
            if (start < 0 || at != start + run.position() || run.remaining() < page.length) {
                flush();
                start = at;
            }
            run.put(page);
        }

        void flush() throws IOException {
            run.flip();
            while (run.hasRemaining()) {
                out.write(run, start + run.position());
            }
            run.clear();
            start = -1;
        }
    }

    private static FileChannel openTarget(Path target) throws IOException {
        if (!Files.exists(target)) {
            FileSafety.createPrivateFile(target);
        }
        return FileSafety.openEmptyForWriting(target);
    }
}
