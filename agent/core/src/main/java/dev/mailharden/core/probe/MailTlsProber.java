package dev.mailharden.core.probe;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Probes one mail TLS endpoint with hand-built hellos, one connection at a time: the plaintext
 * phase, SSLv2..TLS 1.3, the accepted suites of each version (bundles with remove-and-retry),
 * server preference, compression, DH parameters, key-exchange groups, and the certificate
 * chain from one full handshake.
 */
public final class MailTlsProber {

  /** Starts every error of the plaintext phase: a TLS-only verdict does not depend on it. */
  static final String PLAINTEXT_PHASE = "plaintext phase: ";

  private final Endpoint endpoint;
  private final ProbeOptions options;
  private final MailConnector connector;
  private final HelloExchange hellos;
  private final List<String> errors;

  private MailTlsProber(Endpoint endpoint, ProbeOptions options) {
    this.endpoint = endpoint;
    this.options = options;
    this.hellos = new HelloExchange(endpoint, options);
    this.connector = hellos.connector;
    this.errors = hellos.errors();
  }

  public static ProbeReport probe(Endpoint endpoint, ProbeOptions options) {
    return new MailTlsProber(endpoint, options).run();
  }

  private ProbeReport run() {
    long start = System.nanoTime();
    MailDialogue dialogue = endpoint.tlsStart().dialogue();
    // The plaintext phase has its own connection and runs beside the TLS work: a server that
    // pauses after a failed login (Cyrus: failedloginpause, 3 s) then costs no extra time.
    CompletableFuture<PlaintextPhase> plain = dialogue == null ? null
        : CompletableFuture.supplyAsync(() -> {
          try {
            return connector.plaintext(s -> dialogue.plaintextPhase(s, endpoint.port() == 587));
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        });
    Map<TlsVersion, List<Integer>> accepted = new EnumMap<>(TlsVersion.class);
    Boolean preference = null;
    TlsVersion preferenceAt = null;
    List<String> groups = List.of();
    Map<String, String> groupDependent = Map.of();
    HybridKeyExchange hybrid = null;
    CertificateInfo certificate = null;
    try {
      accepted.put(TlsVersion.SSL_2, hellos.sslv2());
      for (TlsVersion v : TlsVersion.HELLO_VERSIONS) {
        accepted.put(v, hellos.enumerate(v, CipherSuites.offeredAt(v)));
      }
      groupDependent = ffdheDependentSuites(accepted);
      preferenceAt = preferenceVersion(accepted);
      if (preferenceAt != null) {
        preference = serverPreference(preferenceAt, accepted.get(preferenceAt));
      }
      groups = groups(accepted);
      if (!accepted.get(TlsVersion.TLS_1_3).isEmpty()) {
        hybrid = HybridKeyExchange.survey(hellos, groups);
      }
      certificate = certificate();
    } catch (IOException e) {
      errors.add("TLS handshakes: " + HelloExchange.describe(e));
    }
    List<DhParams> dhParams = List.copyOf(hellos.dhParams());
    boolean compression = hellos.compression();
    PlaintextPhase plaintext = null;
    if (plain != null) {
      try {
        plaintext = plain.join();
      } catch (CompletionException e) {
        errors.add(PLAINTEXT_PHASE + HelloExchange.describe((Exception) e.getCause()));
      }
    }
    if (plaintext != null && !plaintext.startTlsOffered()) {
      // Every STARTTLS of the TLS work was refused: that is the one finding.
      errors.clear();
      errors.add("STARTTLS is not offered");
      accepted.clear();
      preference = null;
      preferenceAt = null;
      groups = List.of();
      groupDependent = Map.of();
      hybrid = null;
      certificate = null;
      dhParams = List.of();
      compression = false;
    }
    if (plaintext != null && connector.fromServersOwnAddress() != null) {
      errors.add(PLAINTEXT_PHASE + "from " + connector.fromServersOwnAddress().getHostAddress()
          + ", the server's own address, which servers such as Dovecot trust: what"
          + " strangers see before TLS is unknown (give another --source-address)");
    }
    Map<TlsVersion, List<String>> ciphers = CipherSuites.namesOf(accepted);
    return new ProbeReport(endpoint, (System.nanoTime() - start) / 1_000_000,
        connector.connections(), plaintext, List.copyOf(ciphers.keySet()), ciphers, preference,
        preferenceAt, compression, dhParams, groups, groupDependent, hybrid, certificate,
        List.copyOf(errors));
  }

  private static TlsVersion preferenceVersion(Map<TlsVersion, List<Integer>> accepted) {
    return TlsVersion.PREFERENCE_ORDER.stream()
        .filter(v -> accepted.getOrDefault(v, List.of()).size() >= 2).findFirst().orElse(null);
  }

  /** The server prefers its own order when a list and its reverse get the same choice. */
  private Boolean serverPreference(TlsVersion v, List<Integer> suites) throws IOException {
    List<Integer> reversed = new ArrayList<>(suites);
    Collections.reverse(reversed);
    ServerReply forward = hellos.hello(v, suites, HelloExchange.defaultGroups(v));
    ServerReply backward = hellos.hello(v, reversed, HelloExchange.defaultGroups(v));
    if (!forward.accepted() || !backward.accepted()) {
      errors.add("server preference at " + v + ": a hello of accepted suites was refused");
      return null;
    }
    return forward.suite() == backward.suite();
  }

  /**
   * DHE suites whose acceptance depends on the client's groups: RFC 7919 servers choose
   * differently when supported_groups carries FFDHE groups (some older GnuTLS builds accept
   * DHE suites only from hellos without any, which openssl s_client never sends). The DHE
   * suites of each version are enumerated once more with FFDHE groups offered; the union
   * joins {@code accepted}, and each suite seen one way only is returned with that way.
   */
  private Map<String, String> ffdheDependentSuites(Map<TlsVersion, List<Integer>> accepted)
      throws IOException {
    Map<String, String> dependent = new LinkedHashMap<>();
    for (TlsVersion v : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_1, TlsVersion.TLS_1_0)) {
      List<CipherSuite> dhe = CipherSuites.offeredAt(v).stream().filter(CipherSuite::dhe)
          .toList();
      if (accepted.get(v).isEmpty() || dhe.isEmpty()) {
        continue;
      }
      List<Integer> with = hellos.enumerate(v, dhe, Integer.MAX_VALUE,
          HelloExchange.withFfdhe(v));
      List<Integer> without = accepted.get(v).stream()
          .filter(c -> dhe.stream().anyMatch(s -> s.code() == c)).toList();
      for (int c : with) {
        if (!without.contains(c)) {
          accepted.get(v).add(c);
          dependent.put(CipherSuites.nameOf(v, c) + " (" + v + ")",
              "only with FFDHE groups offered");
        }
      }
      for (int c : without) {
        if (!with.contains(c)) {
          dependent.put(CipherSuites.nameOf(v, c) + " (" + v + ")",
              "only without FFDHE groups offered");
        }
      }
    }
    return dependent;
  }

  /**
   * Key-exchange groups by remove-and-retry, as for suites: under TLS 1.3 with an empty
   * key_share (the server's HelloRetryRequest names the group it picks), else with the ECDHE
   * suites of an older version (the ServerKeyExchange names the curve). One connection per
   * accepted group plus one, not one per group known.
   */
  private List<String> groups(Map<TlsVersion, List<Integer>> accepted) throws IOException {
    if (!accepted.get(TlsVersion.TLS_1_3).isEmpty()) {
      return hellos.groupsChosen(TlsVersion.TLS_1_3, accepted.get(TlsVersion.TLS_1_3),
          HelloExchange.defaultGroups(TlsVersion.TLS_1_3));
    }
    for (TlsVersion v : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_1, TlsVersion.TLS_1_0,
        TlsVersion.SSL_3)) {
      List<Integer> ecdhe = accepted.get(v).stream()
          .filter(c -> CipherSuites.byCode(c) != null && CipherSuites.byCode(c).ecdhe()).toList();
      if (!ecdhe.isEmpty()) {
        return hellos.groupsChosen(v, ecdhe, HelloExchange.defaultGroups(v));
      }
    }
    return List.of();
  }

  /** One full JSSE handshake for the chain; the cleartext Certificate message as fallback. */
  private CertificateInfo certificate() throws IOException {
    List<X509Certificate> chain;
    String source = "handshake";
    try (Socket s = connector.openForTls()) {
      chain = CertificateInspector.fetchChain(s, endpoint);
    } catch (IOException e) {
      if (hellos.helloChain().isEmpty()) {
        errors.add("certificate: full handshake failed: " + HelloExchange.describe(e));
        return null;
      }
      chain = hellos.helloChain();
      source = "hello";
    }
    return chain.isEmpty() ? null
        : CertificateInspector.inspect(chain, source, endpoint, options);
  }
}
