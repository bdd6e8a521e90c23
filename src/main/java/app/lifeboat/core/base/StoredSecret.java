package app.lifeboat.core.base;

/**
 * A secret kept outside the settings (in the OS keyring), read only when a connection needs it, so
 * that opening a destination to list its settings never asks the keyring.
 */
public interface StoredSecret {
    /**
     * The secret; null when it cannot be had here but another configured source (a file, the
     * environment) may stand in. Throws a {@link LifeboatException} when nothing can.
     */
    char[] read();

    /** Where the secret is kept, in words for messages: never the secret. */
    String describe();
}
