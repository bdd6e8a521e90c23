package app.lifeboat.core.incremental;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lock object in the store's {@code locks/} namespace, so databases sharing one store never
 * write and prune at the same time: writers hold shared locks, prune an exclusive one. It works on
 * any destination because it needs only write, list and delete (no atomic create): a taker writes
 * its lock first, then lists, and backs off if it sees a conflicting lock; two racing takers both
 * back off rather than both proceed. A lock whose process is gone (same host) or that was not
 * refreshed for {@link #STALE_AFTER} (another host) is removed as stale.
 */
public final class StoreLock implements AutoCloseable {
    static final Duration STALE_AFTER = Duration.ofMinutes(30);
    static final Duration REFRESH_EVERY = Duration.ofMinutes(5);

    private final Destination locks;
    private final String name;
    private final boolean exclusive;
    private Instant refreshed;
    private boolean released;

    private StoreLock(Destination locks, String name, boolean exclusive) {
        this.locks = locks;
        this.name = name;
        this.exclusive = exclusive;
    }

    /** Takes a shared (write) or exclusive (prune) lock, or fails with BUSY naming the holder. */
    public static StoreLock acquire(Destination store, boolean exclusive, String purpose) throws IOException {
        Destination locks = store.within(Format.LOCKS);
        byte[] rnd = new byte[8];
        StoreKeys.RANDOM.nextBytes(rnd);
        String name = (exclusive ? "exclusive-" : "shared-") + HexFormat.of().formatHex(rnd);
        StoreLock lock = new StoreLock(locks, name, exclusive);
        lock.write(purpose);
        for (String other : locks.list()) {
            if (other.equals(name) || !(other.startsWith("exclusive-") || other.startsWith("shared-"))) {
                continue;
            }
            JsonNode held = read(locks, other);
            if (held == null) {
                continue; // removed while we listed
            }
            if (isStale(held)) {
                locks.delete(other);
                continue;
            }
            if (exclusive || other.startsWith("exclusive-")) {
                lock.close();
                throw new LifeboatException(ErrorCode.BUSY, "the incremental store at " + store.describe() + " is in use by "
                        + held.path("purpose").asText("another operation") + " (process " + held.path("pid").asLong()
                        + " on " + held.path("host").asText("?") + ")", Remedy.WAIT_AND_RETRY);
            }
        }
        return lock;
    }

    private void write(String purpose) throws IOException {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("host", host());
        content.put("pid", ProcessHandle.current().pid());
        content.put("purpose", purpose);
        refreshed = Instant.now();
        content.put("refreshed", refreshed.toString());
        locks.writeAtomically(name, Json.mapper().writeValueAsBytes(content));
    }

    /** Rewrites the lock when it is getting old, so other hosts do not take it for stale; call between chunks. */
    public void keepAlive() throws IOException {
        if (!released && Duration.between(refreshed, Instant.now()).compareTo(REFRESH_EVERY) > 0) {
            JsonNode mine = read(locks, name);
            write(mine == null ? "" : mine.path("purpose").asText(""));
        }
    }

    public boolean exclusive() {
        return exclusive;
    }

    private static JsonNode read(Destination locks, String name) {
        try (InputStream in = locks.open(name)) {
            return Json.mapper().readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isStale(JsonNode held) {
        if (host().equals(held.path("host").asText())) {
            return ProcessHandle.of(held.path("pid").asLong(-1)).map(p -> !p.isAlive()).orElse(true);
        }
        try {
            return Instant.parse(held.path("refreshed").asText()).plus(STALE_AFTER).isBefore(Instant.now());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        if (!released) {
            released = true;
            locks.delete(name);
        }
    }
}
