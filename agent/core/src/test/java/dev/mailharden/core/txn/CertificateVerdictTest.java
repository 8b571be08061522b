package dev.mailharden.core.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.plan.NamedCertificate;
import dev.mailharden.core.probe.CertificateInspector;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The certificate verdict on real certificates (test resources/certificates, openssl-made). */
public class CertificateVerdictTest {

  static final Path DIR = Path.of("src/test/resources/certificates");

  /** The certificate in test resource {@code certificates/FILE}, as a one-element chain. */
  public static List<X509Certificate> chain(String file) throws Exception {
    try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
      return List.of((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
  }

  static NamedCertificate named(String file, String name) throws Exception {
    return new NamedCertificate("/etc/ssl/" + file,
        CertificateInspector.sha256(chain(file).get(0)), Files.readString(DIR.resolve("ca.pem")),
        List.of(name));
  }

  @Test
  void fingerprintIsOpensslsForm() throws Exception {
    // openssl x509 -in first.pem -noout -fingerprint -sha256
    assertEquals("9D:B1:02:9E:FF:7C:E6:94:1F:01:B4:13:5D:9A:75:AA:54:07:23:55:C5:E3:52:DC:EE:96"
        + ":1F:19:BA:4B:25:B3", CertificateInspector.sha256(chain("first.pem").get(0)));
  }

  @Test
  void withoutANamedCertificateEveryPortKeepsItsOwn() throws Exception {
    var first = chain("first.pem");
    var second = chain("second.pem");
    assertEquals(List.of(), CertificateVerdict.failures(Map.of(25, first),
        Map.of(25, first, 587, first), Optional.empty(), List.of()));
    List<String> f = CertificateVerdict.failures(Map.of(25, first), Map.of(25, second),
        Optional.empty(), List.of());
    assertEquals(1, f.size(), f.toString());
    assertTrue(f.get(0).startsWith("port 25 serves " + CertificateInspector.sha256(
        second.get(0)) + ", not the certificate it served before the change"), f.get(0));
  }

  @Test
  void aNewListenerServesACertificateAlreadyInUse() throws Exception {
    var first = chain("first.pem");
    var second = chain("second.pem");
    String fp = CertificateInspector.sha256(second.get(0));
    // 993 is new: the certificate a product's configuration names passes, another does not.
    assertEquals(List.of(), CertificateVerdict.failures(Map.of(), Map.of(993, second),
        Optional.empty(), List.of(fp)));
    List<String> f = CertificateVerdict.failures(Map.of(143, first), Map.of(143, first,
        993, second), Optional.empty(), List.of());
    assertEquals(1, f.size(), f.toString());
    assertTrue(f.get(0).contains("port 993 serves " + fp + " (a new listener)"), f.get(0));
  }

  @Test
  void aNamedCertificateIsServedChainsAndNamesTheHost() throws Exception {
    var first = chain("first.pem");
    var second = chain("second.pem");
    assertEquals(List.of(), CertificateVerdict.failures(Map.of(25, first), Map.of(25, second),
        Optional.of(named("second.pem", "mx1.example.test")), List.of()));
    assertTrue(CertificateVerdict.failures(Map.of(25, first), Map.of(25, first),
        Optional.of(named("second.pem", "mx1.example.test")), List.of()).get(0)
        .contains("not /etc/ssl/second.pem"));
    assertTrue(CertificateVerdict.failures(Map.of(), Map.of(25, second),
        Optional.of(named("second.pem", "mx2.example.test")), List.of()).get(0)
        .contains("naming [mx1.example.test] but none of [mx2.example.test]"));
    List<String> self = CertificateVerdict.failures(Map.of(), Map.of(25,
        chain("self-signed.pem")), Optional.of(named("self-signed.pem", "mx1.example.test")),
        List.of());
    assertEquals(1, self.size(), self.toString());
    assertTrue(self.get(0).contains("does not chain to the host's trust store"), self.get(0));
  }
}
