package dev.mailharden.core.plan;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.names.CertificateNames;
import dev.mailharden.core.names.NameChecks;
import dev.mailharden.core.names.NameTarget;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.probe.Finding;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name checks of one planned host, on the host as the plan leaves it: DNS of its
 * public name and address, the server certificate the play names (else each one the
 * products keep), and each MTA's sending identity read from its planned config files. Files
 * come from the plan's batch read; only a client certificate the configuration names but the
 * play does not costs one more read.
 */
final class NameReview {

  static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

  private NameReview() {}

  static List<Finding> review(RemoteShell host, NameTarget target,
      Map<ProductModule, ProductFact> present, Map<String, RemoteFile> read,
      List<ModulePlan> plans, List<String> serverCerts) throws ConnectionException, PlanException,
      BadInputException {
    Map<String, RemoteFile> after = new LinkedHashMap<>(read);
    for (ModulePlan p : plans) {
      for (FileChange c : p.changes()) {
        after.put(c.path(), new RemoteFile(c.path(), c.after(), null, null, null));
      }
    }
    NameChecks checks = new NameChecks(target.lookup(DNS_TIMEOUT), Clock.systemUTC());
    NameChecks.Dns dns = checks.dns(target);
    List<Finding> out = new ArrayList<>(dns.findings());
    for (String serverCert : serverCerts) {
      Optional<CertificateNames> server = certificate(after.get(serverCert), serverCert);
      if (server.isPresent()) {
        out.addAll(checks.serverCertificate(dns, server.get()));
      } else {
        out.add(new Finding("server certificate names", false, serverCert
            + " (server certificate) is not a readable PEM certificate"));
      }
    }
    for (Map.Entry<ProductModule, ProductFact> e : present.entrySet()) {
      Optional<SenderIdentity> id = e.getKey().senderIdentity(e.getValue(), after);
      if (id.isEmpty()) {
        continue;
      }
      Optional<CertificateNames> client = Optional.empty();
      String why = "no client certificate configured (" + e.getKey().name() + " sends none"
          + " to servers that ask; the play's client_cert sets one)";
      if (id.get().clientCert().isPresent()) {
        String path = id.get().clientCert().get();
        if (!after.containsKey(path)) {
          after.putAll(HostInspection.readFiles(host, List.of(path)));
        }
        client = certificate(after.get(path), path);
        why = path + " (client certificate) is not a readable PEM certificate on the host";
      }
      for (Finding f : checks.sender(dns, id.get(), client, why)) {
        out.add(new Finding(e.getKey().name() + " " + f.check(), f.passed(), f.reason()));
      }
    }
    return out;
  }

  private static Optional<CertificateNames> certificate(RemoteFile f, String path) {
    if (f == null || !f.exists()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CertificateNames.fromPem(path, f.content()));
    } catch (CertificateException e) {
      return Optional.empty();
    }
  }
}
