package app.lifeboat.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The fast payload cipher is really in use where Conscrypt ships a native library, so the age
 * test vectors and the interop tests with the real {@code age} run through it.
 */
class PayloadCipherTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void conscryptIsUsedOnLinuxX8664() {
        assertEquals("Conscrypt (BoringSSL)", PayloadCipher.describe());
    }
}
