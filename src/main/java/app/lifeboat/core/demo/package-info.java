/**
 * The sample database behind the window's "Try with a demo database": a small recipe book created in
 * the home's data folder, so a newcomer can back up, change and restore something that is not their
 * own data. Failure modes: the home is not writable (an {@code IO_ERROR} with the path), or the file
 * already exists (refused, never overwritten).
 */
package app.lifeboat.core.demo;
