/**
 * A database opened for one operation ({@code Workspace}) and the one place that opens it
 * ({@code Workspaces}). Operations receive a workspace instead of repeating "load the settings,
 * the catalog, the destination, take the lock"; closing it with try-with-resources releases the
 * lock even when the operation fails.
 */
package app.lifeboat.core.workspace;
