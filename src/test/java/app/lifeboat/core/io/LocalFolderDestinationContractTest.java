package app.lifeboat.core.io;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The destination contract on a local folder. */
class LocalFolderDestinationContractTest extends DestinationContract {
    @TempDir
    Path dir;

    private int made;

    @Override
    protected Destination emptyDestination() {
        return new LocalFolderDestination(dir.resolve("dest" + made++).resolve("db"));
    }

    @Override
    protected Destination reopen(Destination d) {
        return new LocalFolderDestination(((LocalFolderDestination) d).folder());
    }
}
