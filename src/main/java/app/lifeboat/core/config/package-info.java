/** The Lifeboat home, settings.json (updated read-modify-write under a file lock) and database registration. */
package app.lifeboat.core.config;
