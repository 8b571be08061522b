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
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Profile;
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

  /** The RFC 7919 group, for profiles that use it instead of generated parameters. */
  /** The name DH parameter changes are reported under: a host concern, not a product's. */
  public static final String DH_PARAMS = "dh-params";

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
      return new HostPlan(host.hostName(), facts, List.of(), notes, List.of());
    }
    Set<String> paths = new LinkedHashSet<>();
    for (Map.Entry<ProductModule, ProductFact> e : present.entrySet()) {
      paths.addAll(e.getKey().configFiles(e.getValue()));
    }
    paths.add(values.dhFile());
    if (names.isPresent()) {
      // Certificates are public: the name checks read them with the rest.
      paths.add(values.tlsCert());
      if (!values.clientCert().isEmpty()) {
        paths.add(values.clientCert());
      }
    }
    HostInspection seen = HostInspection.read(host, paths, values);
    checkDhFile(host.hostName(), values.dhFile(), seen);
    checkPair(host.hostName(), seen.cert(), values.tlsCert(), values.tlsKey(), "tls_cert",
        "tls_key");
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
        names.get(), present, seen.files(), plans, values.tlsCert());
    return new HostPlan(host.hostName(), facts, plans, notes, nameFindings);
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
