package app.lifeboat.core.destination;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.io.LocalFolderDestination;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Opens a named destination as the {@link Destination} its URL names. */
public final class Destinations {
    private final LifeboatHome home;
    private final Map<String, String> env;

    public Destinations(LifeboatHome home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** The destination's root; a database's backups are in {@code within(name)} of it. */
    public Destination open(DestinationSettings d) {
        return switch (d.kind()) {
            case FOLDER -> new LocalFolderDestination(Path.of(d.url()));
            case S3, SFTP -> throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "destination '" + d.name()
                    + "' is " + d.kind().label() + " storage, which this version cannot open", Remedy.NONE);
        };
    }

    /** A private folder for files staged for or downloaded from {@code d}. */
    Path scratchOf(DestinationSettings d) {
        return home.root().resolve("tmp").resolve("destinations").resolve(d.name());
    }

    /** A private folder for what must survive a crash while talking to {@code d} (multipart upload ids). */
    Path stateOf(DestinationSettings d) {
        return home.root().resolve("state").resolve("destinations").resolve(d.name());
    }

    Map<String, String> env() {
        return env;
    }

    /** Refuses a URL that cannot name a destination of its kind, before it is saved. */
    static void checkUrl(DestinationSettings d) {
        if (d.kind() == DestinationSettings.Kind.FOLDER) {
            return;
        }
        try {
            URI u = new URI(d.url());
            if (u.getHost() == null || u.getHost().isEmpty()) {
                throw new URISyntaxException(d.url(), "no " + (d.kind() == DestinationSettings.Kind.S3 ? "bucket" : "host"));
            }
        } catch (URISyntaxException e) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "'" + d.url() + "' is not a valid "
                    + d.kind().label() + " address (" + e.getReason() + ")", Remedy.NONE);
        }
    }
}
