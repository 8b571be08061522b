package dev.mailharden.core.names;

import dev.mailharden.core.probe.Finding;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's name recommendations, judged for one MTA host: MX and A/AAAA records without
 * CNAMEs (RFC 2181 10.3, RFC 5321 5.1), a PTR that resolves back to the address
 * (forward-confirmed reverse DNS), the HELO name equal to the PTR name, a server certificate
 * naming the MX (or the host), a client certificate naming the PTR, neither self-signed nor
 * about to expire. Each check is a {@link Finding}, as the TLS checks are.
 */
public final class NameChecks {

  /** A certificate ending sooner than this fails: time enough to renew and deploy. */
  public static final Duration EXPIRY_MARGIN = Duration.ofDays(30);

  /**
   * What DNS says of the host, with its findings.
   *
   * @param mxNames the MX targets of the mail domains that point at the public address
   * @param ptrNames the address's PTR names that resolve back to it
   */
  public record Dns(NameTarget target, List<Finding> findings, List<String> mxNames,
      List<String> ptrNames) {}

  private final DnsLookup dns;
  private final Clock clock;

  public NameChecks(DnsLookup dns, Clock clock) {
    this.dns = dns;
    this.clock = clock;
  }

  /** MX of each mail domain, A/AAAA of the host name, PTR and its confirmation. */
  public Dns dns(NameTarget t) {
    List<Finding> out = new ArrayList<>();
    Set<String> mxHere = new LinkedHashSet<>();
    String address = t.publicAddress().getHostAddress();
    for (String domain : t.mailDomains()) {
      out.add(mx(domain, t.publicAddress(), mxHere));
    }
    out.add(forward("a " + t.hostName(), t.hostName(), t.publicAddress()));
    List<String> ptr = List.of();
    try {
      ptr = dns.ptr(t.publicAddress());
      out.add(new Finding("ptr " + address, !ptr.isEmpty(), ptr.isEmpty()
          ? "no PTR record: receivers distrust mail from an address without a name"
          : "names " + String.join(", ", ptr)));
    } catch (DnsLookup.LookupException e) {
      out.add(new Finding("ptr " + address, false, e.getMessage()));
    }
    List<String> confirmed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : ptr) {
      try {
        List<InetAddress> back = dns.addresses(name);
        if (back.contains(t.publicAddress())) {
          confirmed.add(name);
        } else {
          problems.add(name + " resolves to " + addresses(back));
        }
      } catch (DnsLookup.LookupException e) {
        problems.add(e.getMessage());
      }
    }
    out.add(new Finding("fcrdns " + address, !confirmed.isEmpty(), !confirmed.isEmpty()
        ? String.join(", ", confirmed) + " resolves back to " + address
        : ptr.isEmpty() ? "no PTR name to confirm" : String.join("; ", problems)
            + ", not back to " + address));
    return new Dns(t, out, List.copyOf(mxHere), confirmed);
  }

  /**
   * The server certificate should name each MX pointing at the host (the name senders
   * verify), or the host name when no mail domain is given.
   */
  public List<Finding> serverCertificate(Dns d, CertificateNames cert) {
    List<String> wanted = d.mxNames().isEmpty() ? List.of(d.target().hostName()) : d.mxNames();
    return certificate("server certificate", cert, wanted);
  }

  /**
   * HELO name equal to the (confirmed) PTR name, and a client certificate naming it for
   * MTA-to-MTA authentication.
   *
   * @param clientCert the certificate the identity names, or empty with why it is missing
   */
  public List<Finding> sender(Dns d, SenderIdentity id, Optional<CertificateNames> clientCert,
      String whyNoClientCert) {
    List<Finding> out = new ArrayList<>();
    String helo = id.heloName().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    List<String> ptr = d.ptrNames();
    out.add(new Finding("helo name", ptr.contains(helo), ptr.contains(helo)
        ? helo + " (" + id.heloSource() + ") is the PTR name"
        : helo + " (" + id.heloSource() + ") is not the confirmed PTR name"
            + (ptr.isEmpty() ? " (there is none)" : " " + String.join(", ", ptr))));
    if (clientCert.isEmpty()) {
      out.add(new Finding("client certificate", false, whyNoClientCert));
      return out;
    }
    out.addAll(certificate("client certificate", clientCert.get(),
        ptr.isEmpty() ? List.of(helo) : ptr));
    return out;
  }

  private List<Finding> certificate(String role, CertificateNames c, List<String> wanted) {
    List<Finding> out = new ArrayList<>();
    List<String> missing = wanted.stream().filter(w -> !c.covers(w)).toList();
    out.add(new Finding(role + " names", missing.isEmpty(), (missing.isEmpty()
        ? c.source() + " names " + String.join(", ", wanted)
        : c.source() + " does not name " + String.join(", ", missing))
        + " (its names: " + String.join(", ", c.names()) + ")"));
    out.add(new Finding(role + " issuer", !c.selfSigned(), c.selfSigned()
        ? c.source() + " is self-signed: peers cannot verify it" : c.source()
        + " is issued by a CA"));
    Instant now = clock.instant();
    boolean expired = c.notAfter().isBefore(now);
    boolean soon = c.notAfter().isBefore(now.plus(EXPIRY_MARGIN));
    out.add(new Finding(role + " expiry", !soon, c.source() + (expired ? " expired on "
        : soon ? " expires within " + EXPIRY_MARGIN.toDays() + " days, on "
        : " valid until ") + c.notAfter()));
    return out;
  }

  private Finding mx(String domain, InetAddress self, Set<String> mxHere) {
    String check = "mx " + domain;
    List<String> targets;
    try {
      targets = dns.mx(domain);
    } catch (DnsLookup.LookupException e) {
      return new Finding(check, false, e.getMessage());
    }
    if (targets.isEmpty()) {
      return new Finding(check, false, "no MX record");
    }
    List<String> problems = new ArrayList<>();
    for (String target : targets) {
      try {
        Optional<String> alias = dns.cname(target);
        if (alias.isPresent()) {
          problems.add("MX target " + target + " is a CNAME to " + alias.get()
              + " (an MX must name a host's own A/AAAA record)");
        }
        List<InetAddress> a = dns.addresses(target);
        if (a.isEmpty()) {
          problems.add("MX target " + target + " has no A/AAAA record");
        }
        if (a.contains(self)) {
          mxHere.add(target);
        }
      } catch (DnsLookup.LookupException e) {
        problems.add(e.getMessage());
      }
    }
    if (mxHere.stream().noneMatch(targets::contains)) {
      problems.add("no MX target (" + String.join(", ", targets) + ") points at "
          + self.getHostAddress());
    }
    return new Finding(check, problems.isEmpty(), problems.isEmpty()
        ? String.join(", ", targets) : String.join("; ", problems));
  }

  /** The host name: its own A/AAAA record (not a CNAME) holding the public address. */
  private Finding forward(String check, String name, InetAddress self) {
    try {
      Optional<String> alias = dns.cname(name);
      if (alias.isPresent()) {
        return new Finding(check, false, name + " is a CNAME to " + alias.get()
            + ": a mail host needs its own A/AAAA record");
      }
      List<InetAddress> a = dns.addresses(name);
      if (a.isEmpty()) {
        return new Finding(check, false, "no A/AAAA record for " + name);
      }
      return new Finding(check, a.contains(self), a.contains(self)
          ? name + " has " + addresses(a) : name + " resolves to " + addresses(a) + ", not "
              + self.getHostAddress());
    } catch (DnsLookup.LookupException e) {
      return new Finding(check, false, e.getMessage());
    }
  }

  private static String addresses(List<InetAddress> a) {
    return a.isEmpty() ? "nothing" : String.join(", ", a.stream()
        .map(InetAddress::getHostAddress).toList());
  }
}
