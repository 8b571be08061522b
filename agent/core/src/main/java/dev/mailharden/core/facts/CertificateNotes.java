package dev.mailharden.core.facts;

import dev.mailharden.core.probe.CertificateInspector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code facts} says about the certificates a host serves, from one handshake per mail
 * port and the files the products' configurations name (the facts' {@code server_cert}
 * lines): a port serving a certificate none of those files holds (renewed on disk, the
 * daemon never reloaded: how expired certificates stay served), a self-signed one, and one
 * that has expired or expires within 30 days.
 */
public final class CertificateNotes {

  static final Duration SOON = Duration.ofDays(30);

  private CertificateNotes() {}

  /** One note per finding, port by port; empty when every port serves what it should. */
  public static List<String> of(HostFacts facts, Map<Integer, List<X509Certificate>> served,
      Instant now) {
    List<ProductFact> configured = facts.products().stream()
        .filter(p -> !p.details().getOrDefault("server_cert_sha256", "").isEmpty()).toList();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<Integer, List<X509Certificate>> e : served.entrySet()) {
      X509Certificate leaf = e.getValue().get(0);
      String port = "port " + e.getKey();
      String fp = CertificateInspector.sha256(leaf);
      if (!configured.isEmpty() && configured.stream()
          .noneMatch(p -> p.details().get("server_cert_sha256").equals(fp))) {
        notes.add(port + " serves " + fp + ", which none of the files the configuration"
            + " names holds (" + configured.stream().map(p -> p.product() + " "
                + p.details().get("server_cert") + ": " + p.details().get("server_cert_sha256"))
            .collect(Collectors.joining("; ")) + "): renewed on disk and not reloaded?");
      }
      if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        notes.add(port + " serves a self-signed certificate ("
            + leaf.getSubjectX500Principal().getName() + ")");
      }
      Instant end = leaf.getNotAfter().toInstant();
      if (end.isBefore(now)) {
        notes.add(port + " serves a certificate that expired " + end);
      } else if (end.isBefore(now.plus(SOON))) {
        notes.add(port + " serves a certificate that expires " + end + ", within 30 days");
      }
    }
    return notes;
  }
}
