package app.lifeboat.core.incremental;

/**
 * What one write stored.
 *
 * @param version the version written (its id goes into the catalog)
 * @param newBytes bytes this write added to the store: packs (frames and trailers), index and version objects
 * @param newFrames frames (pages and tree nodes) the store did not hold before
 * @param referencedBytes the size of the database file the version stands for
 * @param plainCrc32c the CRC-32C (8 hex digits) of the database file as read, which a restore can be compared with
 */
public record WriteResult(StoreVersion version, long newBytes, long newFrames, long referencedBytes, String plainCrc32c) {}
