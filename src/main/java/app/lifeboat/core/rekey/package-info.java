/**
 * Replacing backups made under an encrypted database's previous key: a fresh backup under the
 * current key is written and verified before any old one is deleted.
 */
package app.lifeboat.core.rekey;
