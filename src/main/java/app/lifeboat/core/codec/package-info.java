/**
 * Streaming encodings of stored files: zstd and gzip in the standard stream formats, wrapped in
 * age when encrypted. One pass each way with fixed buffers, so memory does not grow with the
 * database.
 */
package app.lifeboat.core.codec;
