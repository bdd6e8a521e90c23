package app.lifeboat.core.incremental;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of checking the whole store.
 *
 * @param packsChecked packs whose presence and size were checked (all of them)
 * @param packsRead packs read in full (SHA-256 and trailer; every frame authenticated when identities were given)
 * @param badPacks packs missing or damaged, with the problem
 * @param brokenVersions ids of versions that need a missing or damaged pack
 * @param unreferencedBytes bytes of frames no version uses, plus packs no index lists (prune frees them)
 */
public record StoreCheck(int versions, int packsChecked, int packsRead, List<String> badPacks, List<String> brokenVersions,
        long unreferencedBytes, long storedBytes) {
    public StoreCheck {
        badPacks = List.copyOf(badPacks);
        brokenVersions = List.copyOf(brokenVersions);
    }

    /** This and {@code o} (another store of the same database) as one. */
    public StoreCheck plus(StoreCheck o) {
        List<String> bad = new ArrayList<>(badPacks);
        bad.addAll(o.badPacks);
        List<String> broken = new ArrayList<>(brokenVersions);
        broken.addAll(o.brokenVersions);
        return new StoreCheck(versions + o.versions, packsChecked + o.packsChecked, packsRead + o.packsRead, bad, broken,
                unreferencedBytes + o.unreferencedBytes, storedBytes + o.storedBytes);
    }

    public boolean ok() {
        return badPacks.isEmpty() && brokenVersions.isEmpty();
    }
}
