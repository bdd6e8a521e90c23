package app.lifeboat.core.catalog;

/** One stored object that belongs to a backup, with its size and checksum. */
public record StoredFile(String name, long sizeBytes, String sha256) {}
