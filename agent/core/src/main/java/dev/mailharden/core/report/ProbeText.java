package dev.mailharden.core.report;

import dev.mailharden.core.outbound.OutboundVerdict;
import dev.mailharden.core.probe.DhParams;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.probe.HybridKeyExchange;
import dev.mailharden.core.probe.PlaintextPhase;
import dev.mailharden.core.probe.ProbeReport;
import java.util.List;
import java.util.stream.Collectors;

/** The readable report of {@code mailharden probe}: facts first, then the verdicts. */
public final class ProbeText {

  private ProbeText() {}

  public static String render(ProbeReport r, String profile, List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    b.append("== ").append(r.endpoint()).append(" (").append(r.endpoint().tlsStart())
        .append(") in ").append(r.millis()).append(" ms, ").append(r.connections())
        .append(" connections\n");
    PlaintextPhase p = r.plaintext();
    if (p != null) {
      line(b, "before TLS", (p.startTlsOffered() ? "STARTTLS offered" : "no STARTTLS")
          + "; AUTH " + (p.authMechanisms().isEmpty() ? "none" : String.join(" ",
              p.authMechanisms())) + "; cleartext login " + p.plaintextLogin().name()
              .toLowerCase(java.util.Locale.ROOT) + (p.mailFromRefused() == null ? ""
              : "; MAIL FROM " + (p.mailFromRefused() ? "refused" : "accepted")));
    }
    line(b, "protocols", r.protocols().isEmpty() ? "none" : r.protocols().toString());
    r.ciphers().forEach((v, suites) ->
        line(b, v + " suites", suites.size() + ": " + String.join(" ", suites)));
    r.groupDependentSuites().forEach((suite, when) -> line(b, "group-dependent", suite + ": "
        + when));
    line(b, "preference", r.serverPreference() == null ? "n/a"
        : (r.serverPreference() ? "server" : "client") + " (" + r.preferenceTestedAt() + ")");
    line(b, "compression", r.compression() ? "DEFLATE" : "none");
    line(b, "DH", r.dhParams().isEmpty() ? "none" : r.dhParams().stream()
        .map(DhParams::toString).collect(Collectors.joining(", ")));
    line(b, "groups", r.groups().isEmpty() ? "none" : String.join(" ", r.groups()));
    HybridKeyExchange h = r.hybrid();
    if (h != null) {
      line(b, "hybrid kx", (h.accepted().isEmpty() ? "none" : "accepts "
          + String.join(" ", h.accepted()) + ", proven by a full key share: "
          + (h.proven().isEmpty() ? "none" : String.join(" ", h.proven()))) + "; prefers "
          + (h.preferred() == null ? "nothing (refused)" : h.preferred()
              + (h.preferredByRetry() ? " (asks for it by HelloRetryRequest)" : "")));
      h.problems().forEach(problem -> line(b, "hybrid kx", problem));
      line(b, "large hello", h.largeHelloBytes() + " bytes "
          + (h.largeHelloAnswered() ? "answered" : "NOT answered"));
    }
    if (r.certificate() != null) {
      var c = r.certificate();
      line(b, "certificate", c.chain().get(0) + ", until " + c.notAfter()
          + (c.endsWithin(30) ? " (ENDS WITHIN 30 DAYS)" : "") + ", "
          + (c.selfSigned() ? "SELF-SIGNED, " : "")
          + (c.chainVerified() ? "verifies" : "does NOT verify") + ", names " + c.names());
      line(b, "cert sha256", c.sha256());
    }
    r.errors().forEach(e -> line(b, "error", e));
    verdicts(b, profile, findings, "");
    return b.toString();
  }

  /**
   * The name checks of one inventory host, as {@code probe -i} prints them.
   *
   * @param resolver which resolver answered, e.g. "resolver 127.0.3.53:53"
   */
  public static String renderNames(String host, String address, String resolver,
      List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    b.append("== names of ").append(host).append(" (").append(address).append(", ")
        .append(resolver).append(")\n");
    verdicts(b, "names", findings, "");
    return b.toString();
  }

  /** The outbound check of one MTA, as {@code probe -i --outbound} prints it. */
  public static String renderOutbound(OutboundVerdict v) {
    StringBuilder b = new StringBuilder();
    b.append("== outbound of ").append(v.host()).append(" (").append(v.product().isEmpty()
        ? "not checked" : v.product() + " -> " + v.recipient()).append(")\n");
    verdicts(b, "outbound", v.findings(), "");
    if (!v.purged().isEmpty()) {
      b.append("  left in the queue and deleted: ").append(v.purged()).append('\n');
    }
    return b.toString();
  }

  /**
   * A verdict line at {@code indent} ("-- label: PASS" or "N of M checks FAIL"), then one
   * line per check, two spaces further in.
   */
  public static void verdicts(StringBuilder b, String label, List<Finding> findings,
      String indent) {
    long failed = findings.stream().filter(f -> !f.passed()).count();
    b.append(indent).append("-- ").append(label).append(": ")
        .append(failed == 0 ? "PASS" : failed + " of " + findings.size() + " checks FAIL")
        .append('\n');
    for (Finding f : findings) {
      b.append(indent).append(f.passed() ? "  ok    " : "  FAIL  ").append(f.check())
          .append(": ").append(f.reason()).append('\n');
    }
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("  %-14s %s%n", label, value));
  }
}
