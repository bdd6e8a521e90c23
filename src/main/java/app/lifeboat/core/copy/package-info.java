/** Copying verified backups to other destinations (offsite), queueing and retrying what cannot go now. */
package app.lifeboat.core.copy;
