package app.lifeboat.core.crypto;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.math.BigInteger;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * Applies the age spec's header rules that Jagged 1.0.0 leaves to recipients, before any
 * recipient runs: a malformed X25519 stanza, a low-order X25519 share, or a scrypt stanza next to
 * other stanzas is a broken header ({@link AgeHeaderException}), not merely "no match". Found with
 * the age test vectors.
 */
final class StrictStanzaReader implements RecipientStanzaReader {
    private static final PrivateKey PROBE;

    static {
        try {
            PROBE = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<RecipientStanzaReader> delegates;

    /**
     * One reader over all identities: Jagged tries each reader it is given and swallows their
     * errors, which would turn a broken header into "no match"; here a header error stops at once.
     */
    StrictStanzaReader(List<RecipientStanzaReader> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        List<RecipientStanza> all = new ArrayList<>();
        stanzas.forEach(all::add);
        check(all);
        for (RecipientStanzaReader r : delegates) {
            try {
                return r.getFileKey(all);
            } catch (UnsupportedRecipientStanzaException e) {
                // not this identity; try the next
            }
        }
        throw new UnsupportedRecipientStanzaException("no identity matches");
    }

    static void check(List<RecipientStanza> all) throws AgeHeaderException {
        if (all.isEmpty()) {
            throw new AgeHeaderException("the header has no recipient stanza");
        }
        boolean scrypt = all.stream().anyMatch(s -> "scrypt".equals(s.getType()));
        if (scrypt && all.size() > 1) {
            throw new AgeHeaderException("a scrypt stanza must be the only recipient stanza");
        }
        for (RecipientStanza s : all) {
            if ("X25519".equals(s.getType())) {
                checkX25519(s);
            }
        }
    }

    private static void checkX25519(RecipientStanza s) throws AgeHeaderException {
        if (s.getArguments().size() != 1) {
            throw new AgeHeaderException("X25519 stanza needs exactly one argument");
        }
        String arg = s.getArguments().get(0);
        byte[] share;
        try {
            share = Base64.getDecoder().decode(arg);
        } catch (IllegalArgumentException e) {
            throw new AgeHeaderException("X25519 share is not base64");
        }
        if (share.length != 32 || !Base64.getEncoder().withoutPadding().encodeToString(share).equals(arg)) {
            throw new AgeHeaderException("X25519 share must be 32 bytes of canonical base64");
        }
        if (s.getBody().length != 32) {
            throw new AgeHeaderException("X25519 stanza body must wrap a 16-byte file key");
        }
        if (isLowOrder(share)) {
            throw new AgeHeaderException("X25519 share is a low-order point");
        }
    }

    /** The JDK refuses a Diffie-Hellman result of all zeros, which happens exactly for low-order points. */
    private static boolean isLowOrder(byte[] share) {
        byte[] le = share.clone();
        le[31] &= 0x7f;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(PROBE);
            ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))), true);
            ka.generateSecret();
            return false;
        } catch (InvalidKeyException e) {
            return true;
        } catch (GeneralSecurityException e) {
            return true;
        }
    }
}
