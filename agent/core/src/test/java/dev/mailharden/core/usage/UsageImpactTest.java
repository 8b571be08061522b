package dev.mailharden.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.playbook.Profile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the shipped profiles refuse, judged on logged sessions. */
class UsageImpactTest {

  static final Path PROFILES = Path.of("../../playbooks/profiles");
  static final Instant T = Instant.parse("2026-11-28T16:51:01Z");

  static ClientUsage tls(int port, String protocol, String cipher) {
    return new ClientUsage("p", port, "192.0.2.7", protocol, cipher, false, 3, T, List.of());
  }

  static List<String> refused(String profile, Map<String, Set<String>> ciphers,
      ClientUsage... clients) throws Exception {
    TlsUsage usage = new TlsUsage(T, List.of(), 0, 0, List.of(clients));
    return UsageImpact.refusals(usage, Profile.load(PROFILES.resolve(profile + ".yml")), ciphers)
        .stream().map(r -> r.client().port() + " " + r.reason()).toList();
  }

  @Test
  void modernRefusesOldVersionsAndPlaintextExceptOnPort25() throws Exception {
    ClientUsage plain587 = new ClientUsage("p", 587, "192.0.2.8", null, null, true, 1, T,
        List.of());
    ClientUsage plain25 = new ClientUsage("p", 25, "192.0.2.8", null, null, false, 1, T,
        List.of());
    assertEquals(List.of("143 TLSv1 below the floor TLSv1.2",
        "587 TLSv1.1 below the floor TLSv1.2", "587 login without TLS no longer allowed"),
        refused("modern", Map.of(),
            tls(25, "TLSv1", "ECDHE-RSA-AES256-SHA"), tls(143, "TLSv1", "ECDHE-RSA-AES256-SHA"),
            tls(587, "TLS1.1", "ECDHE_X25519__RSA_SHA1__AES_256_CBC__SHA1"),
            tls(993, "TLSv1.3", "TLS_AES_256_GCM_SHA384"), plain587, plain25));
  }

  @Test
  void aTls12SuiteOutsideTheExpandedListIsRefusedAndGnuTlsNamesAreNotJudged() throws Exception {
    Profile modern = Profile.load(PROFILES.resolve("modern.yml"));
    Map<String, Set<String>> expanded = Map.of(modern.service("mailbox").ciphers(),
        Set.of("ECDHE-RSA-AES256-GCM-SHA384"));
    assertEquals(List.of("143 cipher AES256-SHA not in the profile's list"),
        refused("modern", expanded, tls(143, "TLSv1.2", "AES256-SHA"),
            tls(143, "TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384"),
            tls(143, "TLS1.2", "RSA_AES_256_CBC_SHA1")));
  }
}
