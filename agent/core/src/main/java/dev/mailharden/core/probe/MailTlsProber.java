package dev.mailharden.core.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Probes one mail TLS endpoint with hand-built hellos, one connection at a time: the plaintext
 * phase, SSLv2..TLS 1.3, the accepted suites of each version (bundles with remove-and-retry),
 * server preference, compression, DH parameters, key-exchange groups, and the certificate
 * chain from one full handshake.
 */
public final class MailTlsProber {

  /** Some servers ignore or reject larger hellos (tls-probing.md). */
  static final int BUNDLE = 128;
  private static final int ALERT_PROTOCOL_VERSION = 70;
  /** Starts every error of the plaintext phase: a TLS-only verdict does not depend on it. */
  static final String PLAINTEXT_PHASE = "plaintext phase: ";

  private final Endpoint endpoint;
  private final ProbeOptions options;
  private final MailConnector connector;
  private final SecureRandom random = new SecureRandom();
  private final byte[] x25519Share = x25519PublicKey();
  private final List<String> errors = new ArrayList<>();
  private final Set<DhParams> dhParams = new LinkedHashSet<>();
  private boolean compression;
  private List<X509Certificate> helloChain = List.of();

  private MailTlsProber(Endpoint endpoint, ProbeOptions options) {
    this.endpoint = endpoint;
    this.options = options;
    this.connector = new MailConnector(endpoint, options);
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
    CertificateInfo certificate = null;
    try {
      accepted.put(TlsVersion.SSL_2, sslv2());
      for (TlsVersion v : List.of(TlsVersion.SSL_3, TlsVersion.TLS_1_0, TlsVersion.TLS_1_1,
          TlsVersion.TLS_1_2)) {
        accepted.put(v, enumerate(v, CipherSuites.offeredAt(v)));
      }
      accepted.put(TlsVersion.TLS_1_3, enumerate(TlsVersion.TLS_1_3, CipherSuites.tls13()));
      preferenceAt = preferenceVersion(accepted);
      if (preferenceAt != null) {
        preference = serverPreference(preferenceAt, accepted.get(preferenceAt));
      }
      groups = groups(accepted);
      certificate = certificate();
    } catch (IOException e) {
      errors.add("TLS handshakes: " + describe(e));
    }
    PlaintextPhase plaintext = null;
    if (plain != null) {
      try {
        plaintext = plain.join();
      } catch (CompletionException e) {
        errors.add(PLAINTEXT_PHASE + describe((Exception) e.getCause()));
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
      certificate = null;
      dhParams.clear();
      compression = false;
    }
    if (plaintext != null && connector.fromServersOwnAddress() != null) {
      errors.add(PLAINTEXT_PHASE + "from " + connector.fromServersOwnAddress().getHostAddress()
          + ", the server's own address, which servers such as Dovecot trust: what"
          + " strangers see before TLS is unknown (give another --source-address)");
    }
    Map<TlsVersion, List<String>> ciphers = new EnumMap<>(TlsVersion.class);
    accepted.forEach((v, codes) -> {
      if (!codes.isEmpty()) {
        ciphers.put(v, codes.stream().map(c -> CipherSuites.nameOf(v, c)).toList());
      }
    });
    return new ProbeReport(endpoint, (System.nanoTime() - start) / 1_000_000,
        connector.connections(), plaintext, List.copyOf(ciphers.keySet()), ciphers, preference,
        preferenceAt, compression, List.copyOf(dhParams), groups, certificate, List.copyOf(errors));
  }

  /** One SSLv2 hello: the SERVER-HELLO lists every SSLv2 cipher the server has. */
  private List<Integer> sslv2() throws IOException {
    byte[] hello = ClientHelloEncoder.sslv2(CipherSuites.codes(CipherSuites.sslv2()), bytes(16));
    // Servers without SSLv2 often just drop the connection.
    return exchange(hello, ServerHelloParser::readSslv2, List.of());
  }

  /**
   * The suites the server accepts at version {@code v}: offer a bundle, record the server's
   * choice, remove it and offer the rest again until the server refuses.
   */
  private List<Integer> enumerate(TlsVersion v, List<CipherSuite> suites) throws IOException {
    List<Integer> found = new ArrayList<>();
    List<Integer> all = CipherSuites.codes(suites);
    for (int from = 0; from < all.size(); from += BUNDLE) {
      List<Integer> bundle = new ArrayList<>(all.subList(from, Math.min(all.size(), from + BUNDLE)));
      while (!bundle.isEmpty()) {
        ServerReply r = hello(v, bundle, defaultGroups(v));
        if (r.accepted() && r.version() != v || r.alertDescription() == ALERT_PROTOCOL_VERSION) {
          return found; // the server does not speak v at all: no other bundle will change that
        }
        if (!r.accepted() || !bundle.remove(Integer.valueOf(r.suite()))) {
          break;
        }
        found.add(r.suite());
      }
    }
    return found;
  }

  private static TlsVersion preferenceVersion(Map<TlsVersion, List<Integer>> accepted) {
    return Stream.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_1, TlsVersion.TLS_1_0,
            TlsVersion.SSL_3, TlsVersion.TLS_1_3)
        .filter(v -> accepted.getOrDefault(v, List.of()).size() >= 2).findFirst().orElse(null);
  }

  /** The server prefers its own order when a list and its reverse get the same choice. */
  private Boolean serverPreference(TlsVersion v, List<Integer> suites) throws IOException {
    List<Integer> reversed = new ArrayList<>(suites);
    Collections.reverse(reversed);
    ServerReply forward = hello(v, suites, defaultGroups(v));
    ServerReply backward = hello(v, reversed, defaultGroups(v));
    if (!forward.accepted() || !backward.accepted()) {
      errors.add("server preference at " + v + ": a hello of accepted suites was refused");
      return null;
    }
    return forward.suite() == backward.suite();
  }

  /**
   * Key-exchange groups by remove-and-retry, as for suites: under TLS 1.3 with an empty
   * key_share (the server's HelloRetryRequest names the group it picks), else with the ECDHE
   * suites of an older version (the ServerKeyExchange names the curve). One connection per
   * accepted group plus one, not one per group known.
   */
  private List<String> groups(Map<TlsVersion, List<Integer>> accepted) throws IOException {
    if (!accepted.get(TlsVersion.TLS_1_3).isEmpty()) {
      return groupsChosen(TlsVersion.TLS_1_3, accepted.get(TlsVersion.TLS_1_3));
    }
    for (TlsVersion v : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_1, TlsVersion.TLS_1_0,
        TlsVersion.SSL_3)) {
      List<Integer> ecdhe = accepted.get(v).stream()
          .filter(c -> CipherSuites.byCode(c) != null && CipherSuites.byCode(c).ecdhe()).toList();
      if (!ecdhe.isEmpty()) {
        return groupsChosen(v, ecdhe);
      }
    }
    return List.of();
  }

  private List<String> groupsChosen(TlsVersion v, List<Integer> suites) throws IOException {
    List<NamedGroup> left = new ArrayList<>(defaultGroups(v));
    List<String> found = new ArrayList<>();
    while (!left.isEmpty()) {
      ServerReply r = tlsHello(v, suites, left, null);
      NamedGroup chosen = left.stream().filter(g -> r.accepted() && g.code() == r.group())
          .findFirst().orElse(null);
      if (chosen == null) {
        break;
      }
      found.add(chosen.label());
      left.remove(chosen);
    }
    return found;
  }

  /** One full JSSE handshake for the chain; the cleartext Certificate message as fallback. */
  private CertificateInfo certificate() throws IOException {
    List<X509Certificate> chain;
    String source = "handshake";
    try (Socket s = connector.openForTls()) {
      chain = CertificateInspector.fetchChain(s, endpoint);
    } catch (IOException e) {
      if (helloChain.isEmpty()) {
        errors.add("certificate: full handshake failed: " + describe(e));
        return null;
      }
      chain = helloChain;
      source = "hello";
    }
    return chain.isEmpty() ? null
        : CertificateInspector.inspect(chain, source, endpoint, options);
  }

  private static List<NamedGroup> defaultGroups(TlsVersion v) {
    return Arrays.stream(NamedGroup.values())
        .filter(v == TlsVersion.TLS_1_3 ? NamedGroup::forTls13 : NamedGroup::forTls12).toList();
  }

  private ServerReply hello(TlsVersion v, List<Integer> suites, List<NamedGroup> groups)
      throws IOException {
    return tlsHello(v, suites, groups, v == TlsVersion.TLS_1_3 ? x25519Share : null);
  }

  private ServerReply tlsHello(TlsVersion v, List<Integer> suites, List<NamedGroup> groups,
      byte[] keyShare) throws IOException {
    byte[] hello = ClientHelloEncoder.tls(v, suites, groups, endpoint.serverName(), bytes(32),
        keyShare);
    ServerReply r = exchange(hello, ServerHelloParser::read, ServerReply.CLOSED);
    if (r.accepted() && r.version() != TlsVersion.TLS_1_3) {
      compression |= r.compression() != 0;
      if (r.dh() != null) {
        dhParams.add(r.dh());
      }
      if (helloChain.isEmpty()) {
        helloChain = r.certificates();
      }
    }
    return r;
  }

  /** Reads a server's answer to a hello. */
  private interface ReplyReader<T> {
    T read(InputStream in) throws IOException;
  }

  /**
   * Sends a hello on a fresh connection and reads the answer. A reset is a refusal. Silence is
   * asked again once: a server stalled on something else (the lab's Exim waits for DNS now and
   * then) must not turn into a refused suite; silence twice counts as refusal, noted.
   */
  private <T> T exchange(byte[] hello, ReplyReader<T> reader, T refused) throws IOException {
    long backoffMs = 100;
    for (int attempt = 0, limited = 0; ; attempt++) {
      try (Socket s = connector.openForTls()) {
        OutputStream out = s.getOutputStream();
        out.write(hello);
        out.flush();
        return reader.read(s.getInputStream());
      } catch (RateLimitedException e) {
        if (++limited > options.rateLimitRetries()) {
          throw e;
        }
        attempt--;
        sleep(backoffMs);
        backoffMs *= 2;
      } catch (SocketTimeoutException e) {
        if (attempt > 0) {
          errors.add("no answer to a hello within " + options.timeout().toMillis() + " ms, twice");
          return refused;
        }
      } catch (SocketException e) {
        return refused;
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** A real X25519 public key: a server may check that the share is a valid point. */
  private static byte[] x25519PublicKey() {
    try {
      byte[] spki = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic()
          .getEncoded();
      return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no X25519", e);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void sleep(long ms) throws java.io.InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while backing off");
    }
  }
}
