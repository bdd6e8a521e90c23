/**
 * Removing backups: retention ({@code PruneOperation}, planned by {@code retention.PrunePlanner})
 * and hand edits of one backup ({@code EditOperation}: pin, labels, delete). Pinned backups are
 * never removed by either.
 */
package app.lifeboat.core.prune;
