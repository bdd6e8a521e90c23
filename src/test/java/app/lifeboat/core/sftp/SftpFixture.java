package app.lifeboat.core.sftp;

import app.lifeboat.testing.SshKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds options and destinations for one test server (MINA in-JVM or OpenSSH). */
final class SftpFixture {
    final Path dir;
    final String user;
    final int port;
    final PublicKey hostKey;
    final Path identity;
    final Path knownHosts;
    final Path lifeboatKnownHosts;

    SftpFixture(Path dir, String user, int port, PublicKey hostKey, KeyPair clientKey) {
        this.dir = dir;
        this.user = user;
        this.port = port;
        this.hostKey = hostKey;
        this.identity = SshKeys.writePrivate(clientKey, dir.resolve("id_ed25519"));
        this.knownHosts = SshKeys.knownHosts(dir.resolve("known_hosts"), hostKey, port);
        this.lifeboatKnownHosts = dir.resolve("lifeboat-home").resolve("known_hosts");
    }

    SftpOptions options(String path) {
        return options(port, path);
    }

    SftpOptions options(int viaPort, String path) {
        SftpLocation loc = SftpLocation.parse("sftp://" + user + "@127.0.0.1:" + viaPort + path);
        return new SftpOptions("offsite", loc, SftpAuth.identity(identity, null), knownHosts, lifeboatKnownHosts, null,
                Duration.ofSeconds(10));
    }

    SftpDestination open(SftpOptions options) {
        return new SftpDestination(options, Map.of(), dir.resolve("scratch"));
    }

    /** A destination whose temporaries count as stale at once. */
    SftpDestination openEager(SftpOptions options) {
        return new SftpDestination(options, Map.of(), dir.resolve("scratch"), Duration.ZERO, Clock.systemUTC());
    }
}
