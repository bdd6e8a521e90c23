/**
 * Storage primitives. Durable writes are temp file → write → fsync → atomic rename → fsync of
 * the folder ({@link app.lifeboat.core.io.FileSafety}); temporaries carry the
 * {@code .lifeboat-tmp-} prefix so a killed run's leftovers are recognised and removed under
 * the database lock. {@link app.lifeboat.core.io.Destination} is the interface future remote
 * stores implement. Failure modes: a full disk or read-only mount fails the write before the
 * rename, so no final name ever points at a partial file.
 */
package app.lifeboat.core.io;
