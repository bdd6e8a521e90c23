package app.lifeboat.core.create;

import app.lifeboat.core.codec.BackupFormat;
import app.lifeboat.core.io.Destination;
import app.lifeboat.core.sqlite.DatabaseKey;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one create needs, resolved from settings and secrets by the service.
 *
 * @param key the source's key, null for a plain database
 * @param scratchDir private local folder for the snapshot when the stored file is encoded
 * @param recipientLabels what metadata records about the age recipients (public keys, "scrypt")
 */
public record CreateJob(String database, Path source, DatabaseKey key, Destination destination, Path scratchDir,
        BackupFormat format, List<RecipientStanzaWriter> recipients, List<String> recipientLabels,
        CreateRequest request) {}
