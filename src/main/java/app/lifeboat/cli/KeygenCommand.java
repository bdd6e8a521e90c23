package app.lifeboat.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code keygen}: writes a new age identity file and prints its public key. */
@Command(name = "keygen", description = "Write a new age identity (secret key) to FILE (0600) and print its public key.")
final class KeygenCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    int run() {
        String recipient = service().newIdentityFile(file);
        err().println("wrote the identity to " + file.toAbsolutePath() + " — keep it safe and away from the backups;"
                + " without it, backups encrypted to it cannot be restored");
        out().println("public key: " + recipient);
        return ExitCodes.OK;
    }
}
