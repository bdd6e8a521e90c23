/**
 * The incremental page store: versions of a database as trees of keyed page ids over packs of
 * zstd-compressed (and, when encrypted, individually sealed) page frames, all through the
 * {@code Destination} interface. docs/FORMAT-incremental.md describes every object byte by byte.
 *
 * <p>Failure modes and what keeps them harmless: a killed write leaves packs no version lists
 * (the version object is written last; prune removes them); a killed prune leaves either the old
 * or the new index beside packs that all exist (old packs are deleted only after the new index is
 * durable and the old ones are gone); a lost or damaged pack breaks only the versions that need it
 * (verify names them, restore refuses them, the next write stores those pages again); a deleted or
 * stale local cache is rebuilt from the store's index objects (the hash key needs the identity only
 * when the cache is gone).
 */
package app.lifeboat.core.incremental;
