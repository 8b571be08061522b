package dev.mailharden.core.probe;

import dev.mailharden.core.playbook.Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Probes only what a TLS-only policy ({@link PortPolicy#tlsOnly}) judges: the check after a
 * change, where a full survey of every port of every host is the slowest step of an apply.
 * Per version one hello (accepted or not), then one hello of only the suites the policy
 * forbids, one DHE hello for the DH size, and, when the server must pick the suite, a second
 * accepted suite and the two reversed. No suite or group enumeration, no certificate chain:
 * about ten connections where a survey makes 35 to 115, with the same verdict (both are
 * judged by the same {@link PortPolicy}). A policy that judges the plaintext phase or the
 * certificate gets the full survey.
 */
public final class PolicyProbe {

  private PolicyProbe() {}

  /**
   * What a port fails of the TLS-only policy a profile sets for it, "check: reason" each; none:
   * it passes. The check after a change.
   */
  public static List<String> failures(String address, int port, Profile profile,
      ProbeOptions options) {
    return failures(address, port, profile, options, Set.of());
  }

  /**
   * The same, and where {@code allowed} (the codes of the profile's cipher list for this
   * port, as the host's TLS library expands it) is not empty: no TLS 1.2-or-older suite
   * outside it may be accepted. Per accepted version one hello offers every known suite
   * outside the list and must be refused; while one is accepted it is removed and the rest
   * offered again, which names every accepted outsider.
   */
  public static List<String> failures(String address, int port, Profile profile,
      ProbeOptions options, Set<Integer> allowed) {
    PortPolicy policy = PortPolicy.of(profile, port).tlsOnly();
    Endpoint endpoint = new Endpoint(address, port, TlsStart.forPort(port));
    ProbeReport report = probe(endpoint, options, policy);
    List<String> failed = new ArrayList<>(policy.judge(report).stream()
        .filter(f -> !f.passed()).map(f -> f.check() + ": " + f.reason()).toList());
    if (!allowed.isEmpty()) {
      HelloExchange hellos = new HelloExchange(endpoint, options);
      List<String> outside = new ArrayList<>();
      try {
        for (TlsVersion v : report.protocols()) {
          if (v == TlsVersion.SSL_2 || v == TlsVersion.TLS_1_3) {
            continue;
          }
          hellos.enumerate(v, CipherSuites.offeredAt(v).stream()
              .filter(suite -> !allowed.contains(suite.code())).toList())
              .forEach(code -> outside.add(v + " " + CipherSuites.nameOf(v, code)));
        }
      } catch (IOException e) {
        failed.add("cipher list: " + HelloExchange.describe(e));
      }
      if (!outside.isEmpty()) {
        failed.add("cipher list: " + outside.size() + " suites outside the profile's list"
            + " accepted: " + String.join(", ", outside));
      }
    }
    return failed;
  }

  public static ProbeReport probe(Endpoint endpoint, ProbeOptions options, PortPolicy policy) {
    if (policy.judgesPlaintext() || policy.certificateMustVerify()) {
      return MailTlsProber.probe(endpoint, options);
    }
    long start = System.nanoTime();
    HelloExchange hellos = new HelloExchange(endpoint, options);
    Map<TlsVersion, List<Integer>> accepted = new EnumMap<>(TlsVersion.class);
    Boolean preference = null;
    TlsVersion preferenceAt = null;
    try {
      accepted.put(TlsVersion.SSL_2, hellos.sslv2());
      for (TlsVersion v : TlsVersion.HELLO_VERSIONS) {
        accepted.put(v, new ArrayList<>(hellos.enumerate(v, CipherSuites.offeredAt(v), 1)));
      }
      if (!policy.forbiddenCiphers().isEmpty()) {
        for (TlsVersion v : TlsVersion.HELLO_VERSIONS) {
          if (!accepted.get(v).isEmpty()) {
            addNew(accepted.get(v), hellos.enumerate(v, CipherSuites.offeredAt(v).stream()
                .filter(s -> s.classes().stream().anyMatch(policy.forbiddenCiphers()::contains))
                .toList()));
          }
        }
      }
      // Servers use one DH group for every version: the newest that takes DHE shows it.
      for (TlsVersion v : TlsVersion.PREFERENCE_ORDER) {
        if (policy.minDhBits() > 0 && hellos.dhParams().isEmpty() && v != TlsVersion.TLS_1_3
            && !accepted.get(v).isEmpty()) {
          addNew(accepted.get(v), hellos.enumerate(v, CipherSuites.offeredAt(v).stream()
              .filter(CipherSuite::dhe).toList(), 1));
        }
      }
      if (policy.serverPreferenceRequired()) {
        for (TlsVersion v : TlsVersion.PREFERENCE_ORDER) {
          List<Integer> two = accepted.get(v).isEmpty() ? List.of()
              : hellos.enumerate(v, CipherSuites.offeredAt(v), 2);
          if (two.size() == 2) {
            addNew(accepted.get(v), two);
            preferenceAt = v;
            preference = hellos.picksFirstOfReversed(v, two);
            break;
          }
        }
      }
    } catch (IOException e) {
      hellos.errors().add("TLS handshakes: " + HelloExchange.describe(e));
    }
    Map<TlsVersion, List<String>> ciphers = CipherSuites.namesOf(accepted);
    return new ProbeReport(endpoint, (System.nanoTime() - start) / 1_000_000,
        hellos.connector.connections(), null, List.copyOf(ciphers.keySet()), ciphers,
        preference, preferenceAt, hellos.compression(), List.copyOf(hellos.dhParams()),
        List.of(), Map.of(), null, null, List.copyOf(hellos.errors()));
  }

  private static void addNew(List<Integer> into, List<Integer> found) {
    found.stream().filter(c -> !into.contains(c)).forEach(into::add);
  }
}
