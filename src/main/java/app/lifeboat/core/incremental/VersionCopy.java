package app.lifeboat.core.incremental;

/**
 * What copying one version to another store did.
 *
 * @param copied false when the target held the version already (nothing was sent)
 * @param frames frames (pages and tree nodes) the target lacked and now holds
 * @param bytes bytes written to the target: packs and the version object
 */
public record VersionCopy(String versionId, boolean copied, long frames, long bytes) {}
