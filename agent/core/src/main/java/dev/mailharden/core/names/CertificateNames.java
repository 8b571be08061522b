package dev.mailharden.core.names;

import dev.mailharden.core.probe.CertificateInfo;
import dev.mailharden.core.probe.CertificateInspector;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What the name checks judge of a certificate: its DNS names (SAN, else CN), whether it is
 * self-signed and when it ends; from a handshake or from a PEM file read on the host.
 *
 * @param source where it was seen, for reasons: a file path or "port 25"
 */
public record CertificateNames(String source, List<String> names, boolean selfSigned,
    Instant notAfter) {

  public static CertificateNames of(String source, CertificateInfo seen) {
    return new CertificateNames(source, seen.names(), seen.selfSigned(),
        Instant.parse(seen.notAfter()));
  }

  /** The first certificate of a PEM text (the leaf, by convention). */
  public static CertificateNames fromPem(String source, String pem) throws CertificateException {
    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (c == null) {
      throw new CertificateException("no certificate in " + source);
    }
    return new CertificateNames(source, CertificateInspector.dnsNames(c),
        c.getSubjectX500Principal().equals(c.getIssuerX500Principal()),
        c.getNotAfter().toInstant());
  }

  public boolean covers(String name) {
    return names.stream().anyMatch(n -> CertificateInspector.matches(n, name));
  }
}
