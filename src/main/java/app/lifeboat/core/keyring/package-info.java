/**
 * The OS keyring (Secret Service over D-Bus on Linux, Keychain on macOS, Credential Manager on
 * Windows) through java-keyring. Entries are filed under the service {@code lifeboat} by account
 * name ({@code <destination>/<field>}); settings name the account, never the secret.
 *
 * <p>Failure modes: no desktop session (a timer or cron job has no D-Bus session bus), no keyring
 * service on the bus, a locked keyring whose unlock prompt nobody answers (bounded by a timeout),
 * and an entry deleted by the person in their keyring manager. Each is reported as unavailable or
 * missing; whether a file or environment variable stands in is decided by the caller.
 */
package app.lifeboat.core.keyring;
