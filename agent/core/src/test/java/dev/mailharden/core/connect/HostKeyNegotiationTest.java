package dev.mailharden.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process SSH server on 127.0.0.1 with two host keys, ECDSA (what a client prefers)
 * and RSA: as OpenSSH does, the key type known_hosts holds for the host is negotiated first.
 */
class HostKeyNegotiationTest {

  @TempDir Path tmp;
  private SshServer sshd;
  private SshTransport ssh;
  private KeyPair ecdsa;
  private KeyPair rsa;

  @BeforeEach
  void startServer() throws Exception {
    ecdsa = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
    rsa = KeyUtils.generateKeyPair("ssh-rsa", 2048);
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(ecdsa, rsa));
    sshd.setPasswordAuthenticator((user, password, session) -> "pw".equals(password));
    sshd.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (ssh != null) {
      ssh.close();
    }
    sshd.stop(true);
  }

  private int port() {
    return ((InetSocketAddress) sshd.getBoundAddresses().iterator().next()).getPort();
  }

  private HostConnection connect(Path knownHosts) throws Exception {
    ssh = new SshTransport(new HostKeyPolicy(knownHosts, false),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
    return ssh.connect(new ConnectionSpec("two-keys", "127.0.0.1", port(), "admin",
        Optional.empty(), Optional.empty(), Optional.of("pw"), ConnectionSpec.Become.NONE));
  }

  private Path knownHosts(KeyPair key) throws Exception {
    Path file = tmp.resolve("known_hosts");
    Files.writeString(file, "[127.0.0.1]:" + port() + " "
        + PublicKeyEntry.toString(key.getPublic()) + "\n");
    return file;
  }

  @Test
  void theKeyTypeKnownHostsHasIsNegotiatedAndAccepted() throws Exception {
    try (HostConnection c = connect(knownHosts(rsa))) {
      assertEquals("two-keys", c.hostName());
    }
  }

  @Test
  void theOtherKeyTypeKnownToo() throws Exception {
    try (HostConnection c = connect(knownHosts(ecdsa))) {
      assertEquals("two-keys", c.hostName());
    }
  }

  @Test
  void aDifferentKeyOfTheKnownTypeIsStillAChangedKey() throws Exception {
    KeyPair impostor = KeyUtils.generateKeyPair("ssh-rsa", 2048);
    ConnectionException e = assertThrows(ConnectionException.class,
        () -> connect(knownHosts(impostor)).close());
    assertEquals(ConnectionException.Kind.HOST_KEY_CHANGED, e.kind());
    assertTrue(e.getMessage().contains("HOST KEY CHANGED"), e.getMessage());
  }
}
