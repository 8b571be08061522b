package dev.mailharden.core.facts;

import static dev.mailharden.core.txn.CertificateVerdictTest.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.probe.CertificateInspector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What facts says about served certificates, on real certificates (test resources). */
class CertificateNotesTest {

  static HostFacts facts(String configuredFingerprint) {
    return new HostFacts("mx1.example.test", "192.0.2.25", "debian", "13", "Debian",
        "systemd", List.of(new ProductFact("postfix", "3.10.5", Map.of(
            "server_cert", "/etc/letsencrypt/live/mx1/fullchain.pem",
            "server_cert_sha256", configuredFingerprint))), List.of());
  }

  @Test
  void theFileTheConfigurationNamesServedGivesNoNote() throws Exception {
    var first = chain("first.pem");
    assertEquals(List.of(), CertificateNotes.of(facts(CertificateInspector.sha256(
        first.get(0))), Map.of(25, first), Instant.now()));
  }

  @Test
  void renewedOnDiskButNotReloaded() throws Exception {
    var old = chain("first.pem");
    String renewed = CertificateInspector.sha256(chain("second.pem").get(0));
    List<String> notes = CertificateNotes.of(facts(renewed), Map.of(25, old), Instant.now());
    assertEquals(List.of("port 25 serves " + CertificateInspector.sha256(old.get(0))
        + ", which none of the files the configuration names holds (postfix"
        + " /etc/letsencrypt/live/mx1/fullchain.pem: " + renewed
        + "): renewed on disk and not reloaded?"), notes);
  }

  @Test
  void selfSignedAndEndingSoon() throws Exception {
    var self = chain("self-signed.pem");
    String fp = CertificateInspector.sha256(self.get(0));
    Instant end = self.get(0).getNotAfter().toInstant();
    List<String> notes = CertificateNotes.of(facts(fp), Map.of(993, self),
        end.minus(Duration.ofDays(10)));
    assertEquals(2, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith("port 993 serves a self-signed certificate (CN="),
        notes.get(0));
    assertEquals("port 993 serves a certificate that expires " + end + ", within 30 days",
        notes.get(1));
    assertTrue(CertificateNotes.of(facts(fp), Map.of(993, self), end.plusSeconds(1)).get(1)
        .equals("port 993 serves a certificate that expired " + end));
  }
}
