package app.lifeboat.core.crypto;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.FileSafety;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** age keys as files and strings: generating identities, reading identity files, building recipients. */
public final class AgeKeys {
    private AgeKeys() {}

    /** A new identity and its public recipient. */
    public record Generated(String identity, String recipient) {}

    public static Generated generate() {
        try {
            KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
            return new Generated(kp.getPrivate().toString(), kp.getPublic().toString());
        } catch (GeneralSecurityException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "this Java runtime lacks X25519 — use a full JDK 17", e);
        }
    }

    /** Writes a new identity file (0600, in the format {@code age-keygen} writes) and returns its recipient. */
    public static String writeIdentityFile(Path file) {
        if (Files.exists(file)) {
            throw new LifeboatException(ErrorCode.ALREADY_EXISTS, file + " already exists — choose a new file name");
        }
        Generated g = generate();
        String text = "# created: " + Instant.now() + "\n# public key: " + g.recipient() + "\n" + g.identity() + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path temp = FileSafety.tempPathIn(dir, file.getFileName().toString());
            FileSafety.createPrivateFile(temp);
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            FileSafety.commit(temp, file);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot write " + file + " — check the folder exists and is writable", e);
        }
        return g.recipient();
    }

    /** Recipient writers for public keys ({@code age1...}) and, optionally, a passphrase. */
    public static List<RecipientStanzaWriter> writers(List<String> recipients, char[] passphrase) {
        List<RecipientStanzaWriter> out = new ArrayList<>();
        for (String r : recipients) {
            out.add(recipientWriter(r));
        }
        if (passphrase != null) {
            out.add(new ScryptRecipientStanzaWriter(passphrase, ScryptRecipientStanzaWriter.DEFAULT_LOG_N));
        }
        return out;
    }

    /** Parses one {@code age1...} recipient, failing with a clear message. */
    public static RecipientStanzaWriter recipientWriter(String recipient) {
        try {
            return X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient.trim());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new LifeboatException(ErrorCode.INVALID_ARGUMENT, "'" + recipient
                    + "' is not an age X25519 recipient (those start with age1)", Remedy.GENERATE_IDENTITY);
        }
    }

    /**
     * Reads identities from an age identity file. A file that is itself age-encrypted (as
     * {@code age -p} makes) is decrypted first with the passphrase {@code passphrase} supplies.
     */
    public static List<RecipientStanzaReader> readIdentityFile(Path file, Supplier<char[]> passphrase) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.NOT_FOUND, "cannot read the identity file " + file + " — check the path");
        }
        if (new String(content, 0, Math.min(content.length, 21), StandardCharsets.US_ASCII).startsWith("age-encryption.org")) {
            char[] pass = passphrase.get();
            if (pass == null) {
                throw new LifeboatException(ErrorCode.KEY_UNAVAILABLE, "the identity file " + file
                        + " is passphrase-protected and no passphrase was given", Remedy.GIVE_IDENTITY);
            }
            try {
                content = Age.decrypt(new ByteArrayInputStream(content), List.of(new ScryptRecipientStanzaReader(pass)))
                        .readAllBytes();
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.WRONG_KEY, "cannot unlock the identity file " + file
                        + " — the passphrase is wrong");
            }
        }
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.US_ASCII).split("\\R")) {
            String l = line.trim();
            if (l.startsWith("AGE-SECRET-KEY-1")) {
                try {
                    readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(l));
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw new LifeboatException(ErrorCode.WRONG_KEY, "the identity file " + file
                            + " holds a malformed AGE-SECRET-KEY line", Remedy.GENERATE_IDENTITY);
                }
            }
        }
        if (readers.isEmpty()) {
            throw new LifeboatException(ErrorCode.WRONG_KEY, file + " holds no age identity (AGE-SECRET-KEY-1...)",
                    Remedy.GIVE_IDENTITY);
        }
        return readers;
    }

    public static RecipientStanzaReader passphraseReader(char[] passphrase) {
        return new ScryptRecipientStanzaReader(passphrase);
    }
}
