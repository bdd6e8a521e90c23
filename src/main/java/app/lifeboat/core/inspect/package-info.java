/**
 * Looking inside backups without restoring them: their schema and rows, read-only queries, and the
 * diff of two backups or of a backup and the live database. A diff of two plain backup files first
 * compares them page by page ({@code SharedPages}) and reads with SQL only the rowid ranges of
 * table leaves the two do not share; whatever the pages cannot vouch for is compared whole, so the
 * pages only ever make a diff faster, never different.
 */
package app.lifeboat.core.inspect;
