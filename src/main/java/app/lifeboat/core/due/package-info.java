/**
 * Scheduled work: which backups and re-verifications are due ({@code DuePlanner}), running them
 * ({@code RunDue}), and installing the operating system's timer ({@code OsTimer}). It sits above
 * the operations it runs; the {@code Schedule} value type stays below, in {@code schedule}.
 */
package app.lifeboat.core.due;
