package app.lifeboat.core.incremental;

/**
 * How much of the store one version uses.
 *
 * @param uniqueBytes stored bytes only this version uses: what deleting it (and pruning) frees
 * @param totalBytes stored bytes of every frame it needs, shared or not
 */
public record VersionSizes(String versionId, long uniqueBytes, long totalBytes) {}
