package app.lifeboat.core.incremental;

import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A destination that dies after a set number of changes (commits, atomic writes, deletes): the
 * change that hits the limit and every later one fail, as if the process had been killed there.
 */
final class CrashingDestination implements Destination {
    private final Destination inner;
    private final AtomicInteger left;

    CrashingDestination(Destination inner, AtomicInteger left) {
        this.inner = inner;
        this.left = left;
    }

    private void change() throws IOException {
        if (left.decrementAndGet() < 0) {
            throw new IOException("injected crash");
        }
    }

    boolean crashed() {
        return left.get() < 0;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public boolean isAvailable() {
        return inner.isAvailable();
    }

    @Override
    public boolean isWritable() {
        return inner.isWritable();
    }

    @Override
    public long usableSpaceBytes() {
        return inner.usableSpaceBytes();
    }

    @Override
    public List<String> list() throws IOException {
        return inner.list();
    }

    @Override
    public boolean exists(String name) {
        return inner.exists(name);
    }

    @Override
    public String locationOf(String name) {
        return inner.locationOf(name);
    }

    @Override
    public long sizeBytes(String name) throws IOException {
        return inner.sizeBytes(name);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return inner.open(name);
    }

    @Override
    public LocalCopy localCopy(String name) throws IOException {
        return inner.localCopy(name);
    }

    @Override
    public StagedFile stage(String name) throws IOException {
        StagedFile s = inner.stage(name);
        return new StagedFile() {
            @Override
            public Path path() {
                return s.path();
            }

            @Override
            public void commit() throws IOException {
                change();
                s.commit();
            }

            @Override
            public void close() throws IOException {
                s.close(); // a killed process leaves its temporary; removing it changes nothing visible
            }
        };
    }

    @Override
    public void writeAtomically(String name, byte[] content) throws IOException {
        change();
        inner.writeAtomically(name, content);
    }

    @Override
    public void delete(String name) throws IOException {
        change();
        inner.delete(name);
    }

    @Override
    public Destination within(String name) {
        return new CrashingDestination(inner.within(name), left);
    }

    @Override
    public int removeStaleTemporaries() throws IOException {
        return inner.removeStaleTemporaries();
    }
}
