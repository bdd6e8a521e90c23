package app.lifeboat.core.sftp;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the login secrets that {@link SftpAuth} refers to, refusing secret files that others may
 * read (as ssh refuses an "unprotected private key file"). Messages name files and variables,
 * never what they hold.
 */
final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /** The bytes of a secret file that only its owner can read; {@code what} names it for messages. */
    static byte[] readPrivate(Path file, String what, String destination) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the " + what + " " + file
                            + " can be read or changed by other users (mode " + PosixFilePermissions.toString(perms)
                            + "), so it is not used; make it readable by its owner only (chmod 600)",
                            Remedy.CHECK_PERMISSIONS);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "cannot read the " + what + " " + file
                    + " for " + destination + " (" + e.getClass().getSimpleName() + ")", Remedy.CHECK_CREDENTIALS, destination);
        }
    }

    /** A secret from an environment variable or a private file (either may be null); null when neither is given. */
    static String secret(Map<String, String> env, String variable, Path file, String what, String destination) {
        if (variable != null) {
            String v = env.get(variable);
            if (v != null && !v.isEmpty()) {
                return v;
            }
            if (file == null) {
                throw new LifeboatException(ErrorCode.CREDENTIALS_REFUSED, "the environment variable " + variable
                        + " that holds the " + what + " for " + destination + " is not set", Remedy.CHECK_CREDENTIALS, destination);
            }
        }
        if (file == null) {
            return null;
        }
        String v = new String(readPrivate(file, what + " file", destination), StandardCharsets.UTF_8);
        v = v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
        return v.isEmpty() ? null : v;
    }
}
