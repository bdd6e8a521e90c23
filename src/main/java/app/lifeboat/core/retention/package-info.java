/** Which backups retention keeps, with the rule that decided each; pinned and newest-good always stay. */
package app.lifeboat.core.retention;
