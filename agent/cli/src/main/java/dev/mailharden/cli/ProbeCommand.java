package dev.mailharden.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.facts.FactGatherer;
import dev.mailharden.core.fleet.FleetRunner;
import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import dev.mailharden.core.module.ProductModules;
import dev.mailharden.core.names.CertificateNames;
import dev.mailharden.core.names.DnsLookup;
import dev.mailharden.core.names.NameChecks;
import dev.mailharden.core.names.NameTarget;
import dev.mailharden.core.outbound.OutboundCheck;
import dev.mailharden.core.outbound.OutboundListener;
import dev.mailharden.core.outbound.OutboundVerdict;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.probe.Endpoint;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.probe.MailTlsProber;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ProbeReport;
import dev.mailharden.core.probe.TlsStart;
import dev.mailharden.core.report.ProbeText;
import dev.mailharden.core.yaml.Origin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Probe mail TLS endpoints from the outside, as a client sees them: protocol versions,"
          + " cipher suites, server preference, compression, DH and ECDH groups, post-quantum"
          + " hybrid key exchange (X25519MLKEM768 and kin), certificate, and what the server"
          + " allows before TLS. Judges them against a profile.",
      "Exit code 0 only if every check of every endpoint passed.",
      "",
      "Examples:",
      "  mailharden probe mx1.example.com:25 mx1.example.com:587 --profile modern",
      "  mailharden probe 192.0.2.7:2525 --starttls smtp --mx mx1.example.com --json",
      "  mailharden probe -i inventory.yml --ca-file ca.pem",
      "  mailharden probe mail.example.com:993 --profile ./my-profile.yml",
      "",
      "With -i, hosts whose inventory gives mailharden_public_address also get the name"
          + " checks: MX of mailharden_mail_domains and A/AAAA of the host name without"
          + " CNAMEs, a PTR that resolves back to the address, and the port-25 certificate"
          + " naming the MX (or the host), not self-signed nor expiring within 30 days. DNS is"
          + " asked of mailharden_dns_resolver (ADDRESS[:PORT]) or the system's resolver. The"
          + " HELO name and client certificate live in the host's configuration: apply"
          + " --check reads them over SSH and judges them too.",
      "  host_vars/mx1.example.com.yml:  mailharden_public_address: 192.0.2.25",
      "                                  mailharden_mail_domains: [example.com]",
    })
final class ProbeCommand implements Callable<Integer> {

  /** The mail ports tried on each inventory host; those that accept a connection are probed. */

  @Parameters(paramLabel = "HOST:PORT", arity = "0..*", description = "Endpoints to probe.")
  List<String> endpoints = new ArrayList<>();

  @ArgGroup(exclusive = false, heading = "Probe every mail port of inventory hosts:%n")
  InventoryOptions inventory;

  @Option(names = "--starttls", paramLabel = "PROTO", defaultValue = "auto",
      description = "smtp, imap, pop3, none (implicit TLS) or auto: from the port"
          + " (465/993/995 implicit; default: ${DEFAULT-VALUE}).")
  String starttls;

  @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "bettercrypto",
      description = "Profile to judge against, as apply reads it: a name in playbooks/profiles"
          + " (bettercrypto, modern) or a profile file of your own (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--ca-file", paramLabel = "FILE",
      description = "PEM CA certificates to verify chains against (default: the JDK's).")
  Path caFile;

  @Option(names = "--mx", paramLabel = "NAME", description = "An MX name the certificate may carry.")
  List<String> mx = new ArrayList<>();

  @Option(names = "--ptr", paramLabel = "NAME",
      description = "A reverse-DNS name the certificate may carry.")
  List<String> ptr = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Per connect and per read (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--source-address", paramLabel = "ADDRESS",
      description = "Local address to probe from: one the server does not trust (Dovecot"
          + " allows cleartext login from its own address and login_trusted_networks).")
  String sourceAddress;

  @Option(names = "--json", description = "Print JSON on stdout instead of text.")
  boolean json;

  @Mixin OutboundOptions outboundOptions;
  @Mixin SshOptions ssh;

  @Spec CommandSpec spec;

  /** The inventory hosts to run the name checks for (those given a public address). */
  private final List<NameTarget> nameTargets = new ArrayList<>();

  /** One inventory host's name checks, as JSON prints them. */
  record Names(String host, String address, String resolver, List<Finding> findings) {}

  /** One endpoint's facts and verdicts, as JSON prints them. */
  record Result(@JsonUnwrapped ProbeReport report, List<Finding> findings) {
    boolean passed() {
      return findings.stream().allMatch(Finding::passed);
    }
  }

  @Override
  public Integer call() throws Exception {
    Profile policy = Profile.resolve(profile, Installation.home().resolve("playbooks/profiles"),
        new Origin(Path.of("--profile"), 0));
    if (outboundOptions.outbound != null && inventory == null) {
      throw new BadInputException("--outbound", "needs -i INVENTORY: each host's MTA is asked"
          + " over SSH to send the check's message");
    }
    List<Endpoint> targets = targets();
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new BadInputException(caFile.toString(), "CA file not readable");
    }
    ProbeOptions options = ProbeOptions.defaults().withCaFile(caFile).withNames(mx, ptr)
        .withTimeout(Duration.ofSeconds(timeout)).withBindAddress(sourceAddress);
    PrintWriter out = spec.commandLine().getOut();
    List<Result> results = new ArrayList<>();
    for (Endpoint e : targets) {
      ProbeReport report = MailTlsProber.probe(e, options);
      List<Finding> findings = new ArrayList<>(PortPolicy.of(policy, e.port()).judge(report));
      if (report.hybrid() != null) {
        findings.addAll(report.hybrid().findings());
      }
      Result r = new Result(report, findings);
      results.add(r);
      if (!json) {
        out.print(ProbeText.render(report, policy.name(), r.findings()));
        out.flush();
      }
    }
    List<Names> names = new ArrayList<>();
    for (NameTarget t : nameTargets) {
      Names n = names(t, results);
      names.add(n);
      if (!json) {
        out.print(ProbeText.renderNames(n.host(), n.address(), n.resolver(), n.findings()));
        out.flush();
      }
    }
    List<OutboundVerdict> outbound = outboundVerdicts(policy);
    if (!json) {
      for (OutboundVerdict v : outbound) {
        out.print(ProbeText.renderOutbound(v));
      }
      out.flush();
    }
    boolean passed = results.stream().allMatch(Result::passed)
        && names.stream().allMatch(n -> n.findings().stream().allMatch(Finding::passed))
        && outbound.stream().allMatch(OutboundVerdict::passed);
    if (json) {
      out.println(ReportJson.text(Map.of("profile", policy.name(), "passed", passed,
              "reports", results, "names", names, "outbound", outbound)));
    }
    return passed ? ExitCodes.OK : ExitCodes.HOST_FAILED;
  }

  /**
   * With --outbound: every inventory host's MTAs send one message each to the listener
   * (over SSH: facts first, then the product's send command); a host that could not be
   * reached gets one failed verdict.
   */
  private List<OutboundVerdict> outboundVerdicts(Profile policy) throws Exception {
    Optional<OutboundListener> started = outboundOptions.start();
    if (started.isEmpty()) {
      return List.of();
    }
    List<OutboundVerdict> verdicts = new ArrayList<>();
    try (SshTransport transport = ssh.transport(); OutboundListener listener = started.get()) {
      OutboundCheck check = new OutboundCheck(listener, ProductModules.installed());
      FactGatherer facts = new FactGatherer(ProductModules.installed());
      for (HostOutcome<List<OutboundVerdict>> o : new FleetRunner(transport, ssh.forks,
          Progress.NONE).run(inventory.connectionSpecs(), conn -> check.check(conn,
              facts.gather(conn).products(), policy, step -> { }))) {
        verdicts.addAll(o.result().orElse(List.of(new OutboundVerdict(o.host(), "", "",
            List.of(new Finding("outbound", false, o.status() + ": " + o.message())),
            List.of(), ""))));
      }
    }
    return verdicts;
  }

  /**
   * DNS checks of one host, and its port-25 certificate (else the first one its ports
   * showed) against its MX names.
   */
  private Names names(NameTarget t, List<Result> results) {
    DnsLookup dns = t.lookup(Duration.ofSeconds(timeout));
    NameChecks checks = new NameChecks(dns, Clock.systemUTC());
    NameChecks.Dns d = checks.dns(t);
    List<Finding> findings = new ArrayList<>(d.findings());
    results.stream().map(Result::report)
        .filter(r -> t.hostName().equalsIgnoreCase(r.endpoint().serverName())
            && r.certificate() != null)
        .sorted(java.util.Comparator.comparing(r -> r.endpoint().port() != 25))
        .findFirst()
        .ifPresentOrElse(r -> findings.addAll(checks.serverCertificate(d,
                CertificateNames.of("certificate on port " + r.endpoint().port(),
                    r.certificate()))),
            () -> findings.add(new Finding("server certificate names", false,
                "no certificate seen on any mail port of " + t.hostName())));
    return new Names(t.hostName(), t.publicAddress().getHostAddress(), dns.description(),
        findings);
  }

  /** Endpoints given, then every open mail port of each inventory host; checked up front. */
  private List<Endpoint> targets() throws BadInputException {
    TlsStart start = switch (starttls.toLowerCase(Locale.ROOT)) {
      case "auto" -> null;
      case "none", "implicit" -> TlsStart.IMPLICIT;
      case "smtp", "imap", "pop3" -> TlsStart.valueOf(starttls.toUpperCase(Locale.ROOT));
      default -> throw new BadInputException("--starttls", "unknown: " + starttls);
    };
    List<Endpoint> targets = new ArrayList<>();
    for (String hp : endpoints) {
      targets.add(Endpoint.parse(hp, start));
    }
    if (inventory != null) {
      for (InventoryOptions.Selected selected : inventory.selected()) {
        ConnectionSpec host = selected.connection();
        NameTarget.of(selected.host()).ifPresent(nameTargets::add);
        for (int port : TlsStart.MAIL_PORTS) {
          if (accepts(host.address(), port)) {
            targets.add(new Endpoint(host.address(), port, TlsStart.forPort(port),
                host.inventoryName()));
          }
        }
      }
    }
    if (targets.isEmpty()) {
      throw new BadInputException("probe", "nothing to probe: give HOST:PORT or -i INVENTORY");
    }
    return targets;
  }

  private boolean accepts(String address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), timeout * 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
