/**
 * Taking a backup. A crash at any instant leaves the source untouched (it is only read) and at
 * most an unlisted temporary in the destination or scratch folder.
 */
package app.lifeboat.core.create;
