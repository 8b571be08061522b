package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.usage.HostCiphers;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profile cipher strings expanded by the lab host's own `openssl ciphers`, over SSH. */
@Tag("lab")
class HostCiphersLabTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void modernsListIsTheHostsExpansionOfIt(String release) throws Exception {
    LabHost h = Lab.shared(LabFlavor.POSTFIX_DOVECOT, release);
    String modern = Profile.load(Lab.repo().resolve("playbooks/profiles/modern.yml"))
        .service("mailbox").ciphers();
    try (SshTransport ssh = new SshTransport(new HostKeyPolicy(tmp.resolve("known_hosts"),
            true), Duration.ofSeconds(10), Duration.ofSeconds(60));
        HostConnection c = ssh.connect(h.rootSpec())) {
      Map<String, Set<String>> expanded = HostCiphers.expand(c, List.of(modern, "", "HIGH"));
      // The empty string (the product's default) is not asked about.
      assertEquals(Set.of(modern, "HIGH"), expanded.keySet());
      // Every TLS 1.2 suite of the explicit list (OpenSSL adds its TLS 1.3 suites), no other.
      Set<String> tls12 = new java.util.HashSet<>(expanded.get(modern));
      tls12.removeIf(s -> s.startsWith("TLS_"));
      assertEquals(Set.of(modern.split(":")), tls12);
      // An alias is expanded by the host's library.
      assertTrue(expanded.get("HIGH").contains("ECDHE-RSA-AES256-GCM-SHA384"));
      assertFalse(expanded.get("HIGH").contains("RC4-SHA"));
    }
  }
}
