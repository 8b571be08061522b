package dev.mailharden.core.txn;

import dev.mailharden.core.plan.NamedCertificate;
import dev.mailharden.core.probe.CertificateInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate part of the check after a change. Without a certificate from the play,
 * every port serves the certificate it served before (SHA-256 of the leaf); a port that did
 * not answer before (a new listener) serves one that another port served before or that a
 * product's configuration names. With one, every port serves it, its chain verifies against
 * the host's trust store and it carries the host's name or an MX name.
 */
final class CertificateVerdict {

  private CertificateVerdict() {}

  /**
   * What is wrong with the certificates served {@code after} the change, one entry per port;
   * empty when nothing is.
   *
   * @param configured the leaf fingerprints of the files the products' configurations name
   */
  static List<String> failures(Map<Integer, List<X509Certificate>> before,
      Map<Integer, List<X509Certificate>> after, Optional<NamedCertificate> named,
      Collection<String> configured) {
    List<String> out = new ArrayList<>();
    Optional<X509TrustManager> trust = named.flatMap(CertificateVerdict::trustManager);
    for (Map.Entry<Integer, List<X509Certificate>> e : after.entrySet()) {
      X509Certificate leaf = e.getValue().get(0);
      String served = CertificateInspector.sha256(leaf);
      String port = "port " + e.getKey() + " serves " + served;
      if (named.isPresent()) {
        NamedCertificate n = named.get();
        if (!served.equals(n.sha256())) {
          out.add(port + ", not " + n.path() + " (" + n.sha256() + ") the play names");
          continue;
        }
        Optional<String> unverified = trust.isEmpty()
            ? Optional.of("no CA bundle at the host's trust store to verify it against")
            : CertificateInspector.verifyError(e.getValue(), trust.get());
        unverified.ifPresent(why -> out.add(port + " (" + n.path() + "), which does not chain"
            + " to the host's trust store: " + why));
        List<String> carries = CertificateInspector.dnsNames(leaf);
        if (n.names().stream().noneMatch(w -> carries.stream()
            .anyMatch(c -> CertificateInspector.matches(c, w)))) {
          out.add(port + " (" + n.path() + "), naming " + carries + " but none of "
              + n.names());
        }
      } else if (before.containsKey(e.getKey())) {
        String was = CertificateInspector.sha256(before.get(e.getKey()).get(0));
        if (!served.equals(was)) {
          out.add(port + ", not the certificate it served before the change (" + was + ")");
        }
      } else if (!configured.contains(served) && before.values().stream()
          .noneMatch(c -> CertificateInspector.sha256(c.get(0)).equals(served))) {
        out.add(port + " (a new listener), a certificate no port served before and no"
            + " product's configuration names");
      }
    }
    return out;
  }

  private static Optional<X509TrustManager> trustManager(NamedCertificate n) {
    if (n.trustStore().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CertificateInspector.trustManager(new ByteArrayInputStream(
          n.trustStore().getBytes(StandardCharsets.US_ASCII))));
    } catch (GeneralSecurityException | IOException e) {
      return Optional.empty();
    }
  }
}
