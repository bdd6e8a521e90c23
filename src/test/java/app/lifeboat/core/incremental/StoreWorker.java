package app.lifeboat.core.incremental;

import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.io.LocalFolderDestination;
import java.nio.file.Path;

/** A second process for the kill test: runs one prune or write on a store, saying when it starts and ends. */
public final class StoreWorker {
    private StoreWorker() {}

    /** Arguments: prune|write STORE CACHE [SNAPSHOT]. */
    public static void main(String[] args) {
        IncrementalStore store = IncrementalStore.open(new LocalFolderDestination(Path.of(args[1])), Path.of(args[2]),
                StoreAccess.plain(), false);
        System.out.println("started");
        System.out.flush();
        if (args[0].equals("prune")) {
            store.prune(ProgressListener.NONE, Cancellation.none());
        } else {
            store.write(Path.of(args[3]), 0, "worker", ProgressListener.NONE, Cancellation.none());
        }
        System.out.println("done");
    }
}
