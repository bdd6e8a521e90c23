/**
 * Restoring. Over a live database the write goes through SQLite's backup API as one transaction
 * in the target's journal (old-or-new after a crash, other connections see the new content);
 * into a new file it is copy, check, rename. Never SQLite's restore API, which hides failures.
 */
package app.lifeboat.core.restore;
