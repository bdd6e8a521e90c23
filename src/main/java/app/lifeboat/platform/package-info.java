/**
 * How Lifeboat hooks into the operating system without being part of the backup engine: the
 * timer that runs due backups while the app is closed (systemd user units on Linux, the lines to
 * add on macOS and Windows). It may use {@code core.io} for atomic writes; the engine never uses it.
 */
package app.lifeboat.platform;
