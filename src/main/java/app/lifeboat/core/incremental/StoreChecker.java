package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the whole store, as restic's check does: every listed pack present with its size, a chosen
 * share read in full (SHA-256, trailer against the index, and with the identity every frame
 * authenticated and hashed), every version's tree readable and its frames in good packs, and the
 * bytes no version uses.
 */
final class StoreChecker {
    private final IncrementalStore owner;

    StoreChecker(IncrementalStore owner) {
        this.owner = owner;
    }

    StoreCheck check(double readFraction, ProgressListener progress, Cancellation cancel) throws IOException {
        Destination data = owner.destination().within(Format.DATA);
        StoreIndex index = owner.index();
        List<StoreVersion> versions = owner.versions();
        StoreKeys keys = owner.keys(false);
        boolean frames = !owner.encrypted() || !owner.access().identities().isEmpty();
        Map<String, Long> present = new HashMap<>();
        for (String n : data.isAvailable() ? data.list() : List.<String>of()) {
            present.put(n, data.sizeBytes(n));
        }
        Map<String, String> bad = new HashMap<>();
        List<Pack> readable = new ArrayList<>();
        for (Pack p : index.packs().values()) {
            Long size = present.get(p.name());
            if (size == null) {
                bad.put(p.name(), "pack " + p.name() + " is missing");
            } else if (size != p.sizeBytes()) {
                bad.put(p.name(), "pack " + p.name() + " has " + size + " bytes, its index says " + p.sizeBytes());
            } else {
                readable.add(p);
            }
        }
        Collections.shuffle(readable, StoreKeys.RANDOM);
        int toRead = readFraction >= 1 ? readable.size() : (int) Math.ceil(readable.size() * Math.max(0, readFraction));
        FrameReader reader = new FrameReader(owner.destination(), keys, owner.dictionaries());
        for (int i = 0; i < toRead; i++) {
            progress.progress(ProgressListener.Phase.VERIFY, i, toRead);
            cancel.check();
            String problem = readPack(readable.get(i), data, reader, frames);
            if (problem != null) {
                bad.put(readable.get(i).name(), problem);
            }
        }
        List<String> broken = new ArrayList<>();
        Set<String> badNames = bad.keySet();
        TreeWalk walk = new TreeWalk(index, reader);
        for (StoreVersion v : versions) {
            boolean[] hit = {false};
            PageIds pages = walk.pages(v, where -> hit[0] |= badNames.contains(where.pack().name()), cancel);
            if (pages == null || hit[0]) {
                broken.add(v.id());
                continue;
            }
            for (int i = 0; i < pages.size(); i++) {
                Pack.Location l = index.locate(pages.get(i));
                if (l == null || badNames.contains(l.pack().name())) {
                    broken.add(v.id());
                    break;
                }
            }
        }
        long unreferenced = unreferenced(versions, broken, index, reader, present, cancel);
        long stored = present.values().stream().mapToLong(Long::longValue).sum();
        List<String> badList = new ArrayList<>(bad.values());
        badList.sort(null);
        progress.progress(ProgressListener.Phase.DONE, toRead, toRead);
        return new StoreCheck(versions.size(), index.packs().size(), toRead, badList, broken, unreferenced, stored);
    }

    /** Reads a pack in full: its SHA-256, its trailer against the index, and (with keys) every frame. */
    private static String readPack(Pack p, Destination data, FrameReader reader, boolean frames) throws IOException {
        byte[] all;
        try (InputStream in = data.open(p.name())) {
            all = in.readNBytes((int) Math.min(p.sizeBytes() + 1, Format.MAX_PACK_BYTES));
        }
        if (!Arrays.equals(Sha256.newDigest().digest(all), p.sha256())) {
            return "pack " + p.name() + " is damaged (its SHA-256 differs from the index)";
        }
        try {
            Pack own = IndexCodec.readTrailer(all, p.name());
            // A prune may list fewer frames than a kept pack holds (a duplicate's other copy), never others.
            if (!new HashSet<>(own.entries()).containsAll(p.entries()) || !own.keyIds().equals(p.keyIds())) {
                return "pack " + p.name() + " lists other frames than its index";
            }
        } catch (LifeboatException e) {
            return e.problem();
        }
        for (Pack.Entry e : p.entries()) {
            if (p.kind() == Format.Kind.TREE || frames) {
                byte[] raw = Arrays.copyOfRange(all, e.offset(), e.offset() + e.length());
                if (reader.decode(new Pack.Location(p, e), raw) == null) {
                    return "frame " + e.id() + " in pack " + p.name() + " fails its authentication or hash";
                }
            }
        }
        return null;
    }

    private static long unreferenced(List<StoreVersion> versions, List<String> broken, StoreIndex index, FrameReader reader,
            Map<String, Long> present, Cancellation cancel) throws IOException {
        List<StoreVersion> whole = versions.stream().filter(v -> !broken.contains(v.id())).toList();
        LiveFrames live;
        try {
            live = LiveFrames.mark(whole, index, reader, cancel);
        } catch (LifeboatException e) {
            if (e.code() == ErrorCode.CANCELLED) {
                throw e;
            }
            return -1;
        }
        long n = 0;
        Set<String> listed = new HashSet<>(index.packs().keySet());
        for (int k = 0; k < index.packCount(); k++) {
            for (int f = index.firstFrame(k), end = f + index.pack(k).entries().size(); f < end; f++) {
                if (!live.isLive(f)) {
                    n += index.length(f);
                }
            }
        }
        for (Map.Entry<String, Long> e : present.entrySet()) {
            if (!listed.contains(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }
}
