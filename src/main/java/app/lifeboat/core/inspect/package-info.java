/** Looking inside backups without restoring them: their schema and rows, and read-only queries. */
package app.lifeboat.core.inspect;
