/**
 * Verification. A damaged backup is a failed result with a reason; a wrong or missing key is an
 * exception, because it says nothing about the backup itself.
 */
package app.lifeboat.core.verify;
