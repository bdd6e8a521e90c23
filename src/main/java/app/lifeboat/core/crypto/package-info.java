/**
 * age encryption (Jagged for the format, the header and X25519; the payload's STREAM of binary
 * files opened here in {@code AgePayloadStream}; the scrypt recipient implemented here on Bouncy
 * Castle) and key handling. Secrets come from prompts, environment variables or files and live
 * only in memory. Decryption failures are classified like the age test vectors: no match
 * (wrong key), header, HMAC and payload (damaged or tampered file).
 */
package app.lifeboat.core.crypto;
