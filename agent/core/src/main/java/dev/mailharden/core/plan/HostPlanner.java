package dev.mailharden.core.plan;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.facts.FactGatherer;
import dev.mailharden.core.facts.FactsException;
import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.names.NameTarget;
import dev.mailharden.core.probe.CertificateInspector;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Profile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans one host in two round trips (facts, then one batch read of every file the modules
 * need); the plan itself is computed locally and is the same in check mode and apply.
 */
public final class HostPlanner {

  /** The name DH parameter changes are reported under: a host concern, not a product's. */
  public static final String DH_PARAMS = "dh-params";
  /**
   * The host's CA bundle (Debian's, which update-ca-certificates writes): a certificate the
   * play names must chain to it once served.
   */
  static final String TRUST_STORE = "/etc/ssl/certs/ca-certificates.crt";
  /** The facts' key of the server certificate a product's configuration names (cert-facts.sh). */
  private static final String SERVER_CERT = "server_cert";

  private final List<ProductModule> modules;
  private final FactGatherer gatherer;
  private final DhSource dh;

  public HostPlanner(List<ProductModule> modules, DhSource dh) {
    this.modules = List.copyOf(modules);
    this.gatherer = new FactGatherer(modules);
    this.dh = dh;
  }

  /** Plans the host; with {@code names}, also its name checks (see {@link NameReview}). */
  public HostPlan plan(RemoteShell host, Profile profile, HostValues values,
      Optional<NameTarget> names)
      throws ConnectionException, FactsException, PlanException, BadInputException {
    HostFacts facts = gatherer.gather(host);
    Map<ProductModule, ProductFact> present = new LinkedHashMap<>();
    for (ProductModule m : modules) {
      facts.products().stream().filter(p -> p.product().equals(m.name())).findFirst()
          .ifPresent(p -> present.put(m, p));
    }
    List<String> notes = new ArrayList<>();
    if (present.isEmpty()) {
      notes.add("no mail product found: nothing to harden");
      return new HostPlan(host.hostName(), facts, List.of(), notes, List.of(),
          Optional.empty());
    }
    Set<String> paths = new LinkedHashSet<>();
    for (Map.Entry<ProductModule, ProductFact> e : present.entrySet()) {
      paths.addAll(e.getKey().configFiles(e.getValue()));
    }
    paths.add(values.dhFile());
    boolean named = !values.tlsCert().isEmpty();
    // Without a certificate from the play, the name checks judge each one the products keep.
    List<String> serverCerts = named ? List.of(values.tlsCert()) : present.values().stream()
        .map(f -> f.details().getOrDefault(SERVER_CERT, "")).filter(c -> !c.isEmpty())
        .distinct().toList();
    // Certificates are public: the name checks and the check after the change read them
    // with the rest, and the host's trust store a named one must chain to.
    if (named) {
      paths.add(values.tlsCert());
      paths.add(TRUST_STORE);
    }
    if (names.isPresent()) {
      paths.addAll(serverCerts);
      if (!values.clientCert().isEmpty()) {
        paths.add(values.clientCert());
      }
    }
    HostInspection seen = HostInspection.read(host, paths, values);
    checkDhFile(host.hostName(), values.dhFile(), seen);
    if (named) {
      checkPair(host.hostName(), seen.cert().orElseThrow(), values.tlsCert(), values.tlsKey(),
          "tls_cert", "tls_key");
    }
    if (seen.clientCert().isPresent()) {
      checkPair(host.hostName(), seen.clientCert().get(), values.clientCert(),
          values.clientKey(), "client_cert", "client_key");
    }

    List<ModulePlan> plans = new ArrayList<>();
    for (Map.Entry<ProductModule, ProductFact> e : present.entrySet()) {
      PlanInput in = new PlanInput(e.getValue(), facts, profile, values, seen.files());
      ModuleData.of(e.getKey().getClass(), e.getKey().name()).keyExchangeNote(in)
          .ifPresent(n -> notes.add(e.getKey().name() + " " + e.getValue().version()
              + ": key exchange: " + n));
      Optional<ModulePlan> p = e.getKey().plan(in);
      if (p.isPresent()) {
        if (!named) {
          checkKept(host.hostName(), e.getValue());
        }
        plans.add(p.get());
      } else {
        notes.add(e.getKey().name() + " " + e.getValue().version()
            + ": not hardened by this build yet");
      }
    }
    // DH parameters only serve products that are hardened here; an existing file of the
    // profile's size (or larger) is kept, so a second run does not regenerate.
    if (!plans.isEmpty()) {
      RemoteFile current = seen.files().get(values.dhFile());
      String wanted = !profile.dh().generated() ? profile.dh().pem()
          : seen.dhBits().orElse(0) >= profile.dh().bits() ? current.content()
          : dh.pem(profile.dh().bits());
      plans.add(0, new ModulePlan(DH_PARAMS, List.of(new FileChange(values.dhFile(),
          current.content(), wanted, "644")), List.of(), null, false, List.of(), List.of()));
    }
    List<Finding> nameFindings = names.isEmpty() ? List.of() : NameReview.review(host,
        names.get(), present, seen.files(), plans, serverCerts);
    return new HostPlan(host.hostName(), facts, plans, notes, nameFindings,
        named ? Optional.of(namedCertificate(host, values, seen.files(), names))
            : Optional.empty());
  }

  /**
   * Without a certificate from the play, a product keeps the one its configuration names,
   * and listeners the profile adds use it too: it must exist and match its key, or nothing
   * on the host changes. No certificate is ever chosen for the admin.
   */
  private static void checkKept(String host, ProductFact fact) throws BadInputException {
    Map<String, String> d = fact.details();
    String cert = d.getOrDefault(SERVER_CERT, "");
    String problem = cert.isEmpty() ? "its configuration names no server certificate"
        : !d.containsKey("server_cert_sha256") ? "its server certificate " + cert
            + " is not on the host"
        : d.get("server_cert_sha256").isEmpty() ? "its server certificate " + cert
            + " is not a readable PEM certificate"
        : !"yes".equals(d.get("server_key_match")) ? "its private key "
            + d.getOrDefault("server_key", "") + " is missing or does not match " + cert
        : null;
    if (problem != null) {
      throw new BadInputException("host " + host + ", " + fact.product(), problem
          + ", and the play names none: set mailharden_tls_cert and mailharden_tls_key (per"
          + " host or group) to a certificate and key on the host");
    }
  }

  private static NamedCertificate namedCertificate(RemoteShell host, HostValues values,
      Map<String, RemoteFile> files, Optional<NameTarget> names) throws BadInputException {
    RemoteFile cert = files.get(values.tlsCert());
    RemoteFile trust = files.get(TRUST_STORE);
    List<String> wanted = new ArrayList<>(List.of(host.hostName()));
    names.ifPresent(t -> wanted.add(t.hostName()));
    try {
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(
              cert.content().getBytes(StandardCharsets.US_ASCII)));
      return new NamedCertificate(values.tlsCert(), CertificateInspector.sha256(leaf),
          trust.exists() ? trust.content() : "", wanted.stream().distinct().toList());
    } catch (CertificateException | RuntimeException e) {
      throw new BadInputException("host " + host.hostName() + ", " + values.tlsCert(),
          "certificate (tls_cert) is not a readable PEM certificate");
    }
  }

  /**
   * A dh_file that exists must hold DH parameters: any other file (a private key) would be
   * shown in the diff and then replaced.
   */
  static void checkDhFile(String host, String path, HostInspection seen)
      throws BadInputException {
    if (seen.files().get(path).exists() && seen.dhBits().isEmpty()) {
      throw new BadInputException("host " + host + ", " + path, "dh_file exists and is not a"
          + " DH parameter file: refusing to show or replace it (name a DH parameter file or"
          + " a path that does not exist yet)");
    }
  }

  private static void checkPair(String host, HostInspection.CertCheck c, String cert,
      String key, String certVar, String keyVar) throws BadInputException {
    if (!c.certExists()) {
      throw new BadInputException("host " + host + ", " + cert,
          "certificate (" + certVar + ") not found on the host");
    }
    if (!c.keyExists()) {
      throw new BadInputException("host " + host + ", " + key,
          "private key (" + keyVar + ") not found on the host");
    }
    if (!c.match()) {
      throw new BadInputException("host " + host + ", " + key,
          "private key does not match the certificate " + cert
              + " (or one of them is not readable PEM)");
    }
  }
}
