/**
 * The Lifeboat home and what it holds about each database: settings.json (updated
 * read-modify-write under a file lock), registration, the options a user can change, where keys
 * come from ({@code KeyResolver}), and the last-run notes in {@code state/}.
 */
package app.lifeboat.core.config;
