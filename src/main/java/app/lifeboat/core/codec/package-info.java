/**
 * Streaming encodings of stored files: zstd and gzip in the standard stream formats, wrapped in
 * age when encrypted. One pass each way with fixed buffers, so memory does not grow with the
 * database. The chunks handed between a pass's threads are direct buffers lent by a pool
 * ({@code ChunkPool}) and kept for the next pass: they are not garbage, and the stop-the-world
 * collector never copies them, which in the window would stop the FX thread too. They are zeroed
 * when given back; a failed pass drops its chunks instead, since a stage may still hold one.
 */
package app.lifeboat.core.codec;
