/** Named destinations: the registry in the settings, opening each kind (folder, S3, SFTP) and testing one. */
package app.lifeboat.core.destination;
