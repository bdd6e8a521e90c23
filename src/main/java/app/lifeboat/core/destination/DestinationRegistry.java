package app.lifeboat.core.destination;

import app.lifeboat.core.base.DatabaseName;
import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.config.CopyTarget;
import app.lifeboat.core.config.DatabaseRegistry;
import app.lifeboat.core.config.DatabaseSettings;
import app.lifeboat.core.config.DestinationSecrets;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.core.config.Settings;
import app.lifeboat.core.config.SettingsStore;
import app.lifeboat.core.keyring.KeyringUnavailableException;
import app.lifeboat.core.keyring.SystemKeyring;
import app.lifeboat.core.sftp.SftpLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The named destinations in {@code settings.json} and which databases copy to them. */
public final class DestinationRegistry {
    /** Looked up when something is logged, so that a command logging nothing never sets up logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(DestinationRegistry.class);
    }

    private final SettingsStore store;
    private final SystemKeyring keyring;

    public DestinationRegistry(SettingsStore store, SystemKeyring keyring) {
        this.store = store;
        this.keyring = keyring;
    }

    public List<DestinationSettings> list() {
        return store.load().destinations();
    }

    public DestinationSettings get(String name) {
        return store.load().findDestination(name).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                "no destination named '" + name + "'", Remedy.LIST_DESTINATIONS));
    }

    /** Registers {@code d}; a folder must exist, and a URL must be one Lifeboat can open. */
    public DestinationSettings add(DestinationSettings d) {
        return add(d, DestinationSecrets.none());
    }

    /**
     * Registers {@code d}, keeping {@code secrets} in the OS keyring first: when the keyring cannot
     * take them, nothing is registered.
     */
    public DestinationSettings add(DestinationSettings given, DestinationSecrets secrets) {
        DatabaseName.require(given.name());
        DestinationSettings d = given.withKeyring(secrets.entriesOver(given.name(), given.keyring()));
        DestinationSettings checked = d.kind() == DestinationSettings.Kind.FOLDER
                ? withUrl(d, DatabaseRegistry.existingFolder(d.url())) : d;
        Destinations.checkUrl(checked);
        if (store.load().findDestination(d.name()).isPresent()) {
            throw new LifeboatException(ErrorCode.ALREADY_EXISTS, "a destination named '" + d.name()
                    + "' is already registered", Remedy.CHOOSE_ANOTHER_NAME, d.name());
        }
        storeSecrets(checked, secrets);
        store.update(s -> {
            if (s.findDestination(d.name()).isPresent()) {
                throw new LifeboatException(ErrorCode.ALREADY_EXISTS, "a destination named '" + d.name()
                        + "' is already registered", Remedy.CHOOSE_ANOTHER_NAME, d.name());
            }
            return s.putDestination(checked);
        });
        return checked;
    }

    /** Replaces the settings of an existing destination, e.g. with an accepted host key. */
    public DestinationSettings replace(DestinationSettings d) {
        store.update(s -> {
            s.findDestination(d.name()).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                    "no destination named '" + d.name() + "'", Remedy.LIST_DESTINATIONS));
            return s.putDestination(d);
        });
        return d;
    }

    /**
     * Changes an existing destination's settings (its URL within the same kind, endpoint, region,
     * credentials and key files...), checked as {@link #add} checks a new one. The name and the kind
     * stay: a different kind of store is a new destination. An SFTP host key accepted for one server
     * is not carried over to another host or port.
     */
    public DestinationSettings edit(DestinationSettings changed) {
        return edit(changed, DestinationSecrets.none());
    }

    /**
     * Changes an existing destination as {@link #edit(DestinationSettings)} does, keeping {@code
     * secrets} in the OS keyring first; keyring entries the settings no longer name are deleted.
     */
    public DestinationSettings edit(DestinationSettings given, DestinationSecrets secrets) {
        DestinationSettings changed = given.withKeyring(secrets.entriesOver(given.name(), given.keyring()));
        DestinationSettings old = get(changed.name());
        if (old.kind() != changed.kind()) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "destination '" + old.name() + "' is " + article(old.kind())
                    + " and stays one; add a new destination for " + article(changed.kind()), Remedy.DESTINATION_OPTIONS);
        }
        DestinationSettings d = changed.kind() == DestinationSettings.Kind.FOLDER
                ? withUrl(changed, DatabaseRegistry.existingFolder(changed.url())) : changed;
        if (d.kind() == DestinationSettings.Kind.SFTP && d.hostKey() != null && d.hostKey().equals(old.hostKey())
                && !SftpLocation.parse(d.url()).hostKeyName().equals(SftpLocation.parse(old.url()).hostKeyName())) {
            d = d.withHostKey(null); // that key was checked for the old server, not this one
        }
        Destinations.checkUrl(d);
        DestinationSettings checked = new DestinationSettings(d.name(), d.url(), d.endpoint(), d.region(), d.pathStyle(),
                d.profile(), d.credentialsFile(), d.identityFile(), d.knownHosts(), d.passwordEnv(), d.passwordFile(),
                d.hostKey(), d.keyring(), old.extra());
        storeSecrets(checked, secrets);
        DestinationSettings saved = replace(checked);
        forgetUnused(old.keyring(), saved.keyring());
        return saved;
    }

    private void storeSecrets(DestinationSettings d, DestinationSecrets secrets) {
        if (secrets.isEmpty()) {
            return;
        }
        KeyringEntries k = d.keyring();
        try {
            write(k.accessKeyId(), secrets.accessKeyId());
            write(k.secretAccessKey(), secrets.secretAccessKey());
            write(k.password(), secrets.password());
            write(k.passphrase(), secrets.passphrase());
        } catch (KeyringUnavailableException e) {
            throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "cannot keep the secret for " + d.name()
                    + " in the system keyring: " + e.getMessage(), e, Remedy.KEEP_SECRET_ELSEWHERE, d.name());
        }
    }

    private void write(String account, char[] secret) {
        if (secret != null) {
            keyring.write(account, secret);
        }
    }

    /** Deletes the entries {@code before} named that {@code after} does not; a keyring that is not there keeps them. */
    private void forgetUnused(KeyringEntries before, KeyringEntries after) {
        if (before == null) {
            return;
        }
        List<String> now = after == null ? List.of() : accounts(after);
        for (String account : accounts(before)) {
            if (!now.contains(account)) {
                try {
                    keyring.delete(account);
                } catch (KeyringUnavailableException e) {
                    log().warn("the system keyring entry '{}' is no longer used but could not be deleted: {}", account,
                            e.getMessage());
                }
            }
        }
    }

    private static List<String> accounts(KeyringEntries k) {
        return Stream.of(k.accessKeyId(), k.secretAccessKey(), k.password(), k.passphrase()).filter(Objects::nonNull)
                .toList();
    }

    private static String article(DestinationSettings.Kind k) {
        return switch (k) {
            case FOLDER -> "a folder";
            case S3 -> "an S3 bucket";
            case SFTP -> "an SFTP server";
        };
    }

    /** Records the host key fingerprint the user accepted for an SFTP destination. */
    public DestinationSettings acceptHostKey(String name, String fingerprint) {
        DestinationSettings d = get(name);
        if (d.kind() != DestinationSettings.Kind.SFTP) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "destination '" + name + "' is not an SFTP server;"
                    + " only SSH servers have host keys", Remedy.DESTINATION_OPTIONS);
        }
        if (fingerprint == null || !fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "'" + fingerprint + "' is not an SSH key fingerprint;"
                    + " it looks like SHA256: followed by 43 letters, digits, + or /", Remedy.DESTINATION_OPTIONS);
        }
        return replace(d.withHostKey(fingerprint));
    }

    /** Forgets a destination no database copies to; what is stored there stays. */
    public DestinationSettings remove(String name) {
        DestinationSettings d = get(name);
        store.update(s -> {
            List<String> users = usersOf(s, name);
            if (!users.isEmpty()) {
                throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "destination '" + name + "' still receives copies of "
                        + String.join(", ", users), Remedy.CHANGE_SETTINGS, users.get(0));
            }
            return s.removeDestination(name);
        });
        forgetUnused(d.keyring(), null);
        return d;
    }

    /** Starts or stops copying {@code database}'s backups to {@code target}'s destination (null target: stop). */
    public DatabaseSettings setCopy(String database, String destination, CopyTarget target) {
        Settings s = store.update(current -> {
            if (target != null && current.findDestination(destination).isEmpty()) {
                throw new LifeboatException(ErrorCode.NOT_FOUND, "no destination named '" + destination + "'", Remedy.LIST_DESTINATIONS);
            }
            DatabaseSettings db = current.find(database).orElseThrow(() -> new LifeboatException(ErrorCode.NOT_FOUND,
                    "no database named '" + database + "'", Remedy.LIST_DATABASES));
            List<CopyTarget> copies = new ArrayList<>(db.copyTo());
            copies.removeIf(c -> c.destination().equals(destination));
            if (target != null) {
                copies.add(target);
            }
            return current.put(db.toBuilder().copyTo(copies).build());
        });
        return s.find(database).orElseThrow();
    }

    private static List<String> usersOf(Settings s, String destination) {
        return s.databases().stream().filter(db -> db.copyTo().stream().anyMatch(c -> c.destination().equals(destination)))
                .map(DatabaseSettings::name).toList();
    }

    private static DestinationSettings withUrl(DestinationSettings d, String url) {
        return new DestinationSettings(d.name(), url, d.endpoint(), d.region(), d.pathStyle(), d.profile(),
                d.credentialsFile(), d.identityFile(), d.knownHosts(), d.passwordEnv(), d.passwordFile(), d.hostKey(),
                d.keyring(), d.extra());
    }
}
