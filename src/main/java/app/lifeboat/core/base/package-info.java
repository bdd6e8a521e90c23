/**
 * The bottom floor every other package may use and which uses none of them: the one exception
 * type with its error codes, progress and cancellation, secrets held for one operation, byte
 * sizes, the version, database names, and the one JSON configuration. Nothing here does I/O
 * beyond reading the version.
 */
package app.lifeboat.core.base;
