package dev.mailharden.core.probe;

import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.playbook.ServicePolicy;
import dev.mailharden.core.playbook.TlsProtocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one port of a mail server must look like, as plain data built from a profile
 * ({@code playbooks/profiles/*.yml}) by {@link #of}: the one place a profile becomes checks.
 *
 * @param tlsRequired TLS before any mail or login (submission/mailbox ports); false: TLS
 *     offered but optional (port 25)
 * @param refusedVersions versions the server must not accept
 * @param minDhBits smallest acceptable DHE prime; 0: any
 * @param authBeforeTlsAllowed SASL mechanisms / password login may be advertised before TLS
 * @param plaintextLoginMustBeRefused a cleartext login must be refused before the
 *     credentials are looked at
 * @param forbiddenCiphers kinds of suite the server must not accept
 * @param serverPreferenceRequired the server, not the client, must pick the suite
 * @param certificateMustVerify the chain must verify and name the host (or an MX/PTR name)
 */
public record PortPolicy(
    String profile, int port, boolean tlsRequired, Set<TlsVersion> refusedVersions,
    int minDhBits, boolean compressionAllowed, boolean authBeforeTlsAllowed,
    boolean plaintextLoginMustBeRefused, Set<CipherClass> forbiddenCiphers,
    boolean serverPreferenceRequired, boolean certificateMustVerify) {

  /**
   * The policy a profile sets for a port, read from the profile's data: port 25 is the MTA
   * service, 587 and 465 submission, the rest mailbox access. Mandatory-TLS services refuse
   * AUTH and cleartext login before TLS, take no weak suites and need DH of the profile's
   * size; every service refuses the versions below its floor.
   */
  public static PortPolicy of(Profile profile, int port) {
    ServicePolicy s = profile.service(serviceOf(port));
    Set<TlsVersion> refused = EnumSet.noneOf(TlsVersion.class);
    for (TlsProtocol below : s.minProtocol().below()) {
      refused.add(TlsVersion.values()[below.ordinal()]);
    }
    boolean strict = s.tlsMandatory();
    return new PortPolicy(profile.name(), port, strict, refused,
        strict ? profile.dh().bits() : 0, profile.compression(), !strict, strict,
        strict ? EnumSet.allOf(CipherClass.class) : EnumSet.noneOf(CipherClass.class),
        strict && profile.serverCipherPreference(), strict);
  }

  /** The profile service a port belongs to: mta (25), submission (587, 465), else mailbox. */
  public static String serviceOf(int port) {
    return port == 25 ? "mta" : port == 587 || port == 465 ? "submission" : "mailbox";
  }

  /**
   * Only what TLS itself shows (versions, suites, DH, compression, server preference): the
   * verdict after a change. The plaintext phase and the certificate chain depend on where
   * the prober stands (trusted networks, local CAs) and are judged by `mailharden probe`.
   */
  public PortPolicy tlsOnly() {
    return new PortPolicy(profile, port, false, refusedVersions, minDhBits, compressionAllowed,
        true, false, forbiddenCiphers, serverPreferenceRequired, false);
  }

  /** Some check looks at what the server says before TLS. */
  public boolean judgesPlaintext() {
    return tlsRequired || !authBeforeTlsAllowed || plaintextLoginMustBeRefused;
  }

  /** Every check this policy makes, in a stable order; passed ones too. */
  public List<Finding> judge(ProbeReport r) {
    List<Finding> f = new ArrayList<>();
    PlaintextPhase plain = r.plaintext();
    boolean implicit = r.endpoint().tlsStart() == TlsStart.IMPLICIT;
    // A policy that judges nothing before TLS (tlsOnly) is not failed by what the plaintext
    // phase could not see, e.g. when the prober stands on the server's own address.
    List<String> errors = r.errors().stream()
        .filter(e -> judgesPlaintext() || !e.startsWith(MailTlsProber.PLAINTEXT_PHASE)).toList();
    f.add(errors.isEmpty() ? Finding.pass("probe", "complete")
        : Finding.fail("probe", "incomplete: " + String.join("; ", errors)));
    f.add(r.protocols().isEmpty()
        ? Finding.fail("tls", plain != null && !plain.startTlsOffered()
            ? "STARTTLS is not offered" : "no SSL/TLS version accepted")
        : Finding.pass("tls", "accepts " + r.protocols()));
    if (tlsRequired) {
      f.add(tlsMandatory(r, implicit));
    }
    for (TlsVersion v : refusedVersions) {
      f.add(Finding.of("protocol " + v, !r.protocols().contains(v),
          r.protocols().contains(v) ? v + " accepted" : v + " refused"));
    }
    if (!forbiddenCiphers.isEmpty()) {
      List<String> weak = r.acceptedSuites().stream()
          .filter(s -> s.classes().stream().anyMatch(forbiddenCiphers::contains))
          .map(CipherSuite::name).toList();
      f.add(Finding.of("ciphers", weak.isEmpty(), weak.isEmpty()
          ? "no " + forbiddenCiphers + " suite accepted"
          : weak.size() + " forbidden suites accepted: " + String.join(", ", weak)));
    }
    if (minDhBits > 0) {
      List<DhParams> small = r.dhParams().stream().filter(d -> d.bits() < minDhBits).toList();
      f.add(Finding.of("dh", small.isEmpty(), r.dhParams().isEmpty() ? "no DHE suite accepted"
          : small.isEmpty() ? "DH " + bits(r.dhParams()) + " bits >= " + minDhBits
          : "DH " + bits(small) + " bits < " + minDhBits));
    }
    if (!compressionAllowed) {
      f.add(Finding.of("compression", !r.compression(),
          r.compression() ? "TLS compression (DEFLATE) accepted" : "no TLS compression"));
    }
    if (!authBeforeTlsAllowed && plain != null) {
      boolean offered = !plain.authMechanisms().isEmpty() || plain.plaintextLoginAdvertised();
      f.add(Finding.of("auth before tls", !offered, offered
          ? "before TLS: " + (plain.authMechanisms().isEmpty() ? "password login advertised"
              : "AUTH " + String.join(" ", plain.authMechanisms()))
          : "no authentication offered before TLS"));
    }
    if (plaintextLoginMustBeRefused && plain != null) {
      f.add(Finding.of("plaintext login",
          plain.plaintextLogin() == PlaintextPhase.LoginOutcome.REFUSED,
          "cleartext login " + plain.plaintextLogin().name().toLowerCase(java.util.Locale.ROOT)
              + ": " + plain.loginReply()));
    }
    if (serverPreferenceRequired) {
      f.add(r.serverPreference() == null
          ? Finding.pass("server preference", "fewer than two suites per version: no choice")
          : Finding.of("server preference", r.serverPreference(), (r.serverPreference()
              ? "server picks the suite" : "client order decides") + " (" + r.preferenceTestedAt()
              + ")"));
    }
    if (certificateMustVerify) {
      f.add(certificate(r.certificate()));
    }
    return f;
  }

  private static Finding tlsMandatory(ProbeReport r, boolean implicit) {
    PlaintextPhase plain = r.plaintext();
    if (implicit) {
      return Finding.pass("tls mandatory", "implicit TLS");
    }
    if (plain == null) {
      return Finding.fail("tls mandatory", "the plaintext phase could not be checked");
    }
    if (plain.mailFromRefused() != null) {
      return Finding.of("tls mandatory", plain.mailFromRefused(),
          "MAIL FROM before TLS: " + plain.mailFromReply());
    }
    return Finding.of("tls mandatory",
        plain.plaintextLogin() == PlaintextPhase.LoginOutcome.REFUSED,
        "login before TLS: " + plain.loginReply());
  }

  private static Finding certificate(CertificateInfo c) {
    if (c == null) {
      return Finding.fail("certificate", "no certificate seen");
    }
    List<String> problems = new ArrayList<>();
    if (!c.chainVerified()) {
      problems.add("chain does not verify: " + c.verifyError());
    }
    if (!c.currentlyValid()) {
      problems.add("not valid now (" + c.notBefore() + " .. " + c.notAfter() + ")");
    }
    if (c.nameMatches().isEmpty()) {
      problems.add("no host, MX or PTR name to check it against");
    } else if (!c.nameMatches().containsValue(true)) {
      problems.add("names " + c.names() + " match none of " + c.nameMatches().keySet());
    }
    return problems.isEmpty()
        ? Finding.pass("certificate", "verifies, names " + c.nameMatches().keySet().stream()
            .filter(c.nameMatches()::get).toList() + ", valid until " + c.notAfter())
        : Finding.fail("certificate", String.join("; ", problems));
  }

  private static String bits(List<DhParams> dh) {
    return dh.stream().map(d -> String.valueOf(d.bits())).distinct()
        .collect(java.util.stream.Collectors.joining("/"));
  }
}
