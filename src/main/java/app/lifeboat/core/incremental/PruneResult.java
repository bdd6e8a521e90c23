package app.lifeboat.core.incremental;

/** What a prune did: packs deleted whole, packs rewritten with their live frames, and the store's size before and after. */
public record PruneResult(int packsDeleted, int packsRewritten, long bytesBefore, long bytesAfter) {
    public long bytesFreed() {
        return bytesBefore - bytesAfter;
    }

    /** This and {@code o} (another store's prune) as one. */
    public PruneResult plus(PruneResult o) {
        return new PruneResult(packsDeleted + o.packsDeleted, packsRewritten + o.packsRewritten, bytesBefore + o.bytesBefore,
                bytesAfter + o.bytesAfter);
    }
}
