package dev.mailharden.core.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends hand-built hellos to one endpoint, each on a fresh connection, and keeps what every
 * accepted answer shows besides the suite: DH parameters, compression, the first chain. Shared
 * by the full survey ({@link MailTlsProber}) and the policy check ({@link PolicyProbe}).
 */
final class HelloExchange {

  /** Some servers ignore or reject larger hellos (tls-probing.md). */
  static final int BUNDLE = 128;
  private static final int ALERT_PROTOCOL_VERSION = 70;

  final MailConnector connector;
  private final ProbeOptions options;
  private final String serverName;
  private final SecureRandom random = new SecureRandom();
  private final byte[] x25519Share = KeyShares.x25519();
  private final List<String> errors = new ArrayList<>();
  private final Set<DhParams> dhParams = new LinkedHashSet<>();
  private boolean compression;
  private List<X509Certificate> helloChain = List.of();

  HelloExchange(Endpoint endpoint, ProbeOptions options) {
    this.options = options;
    this.serverName = endpoint.serverName();
    this.connector = new MailConnector(endpoint, options);
  }

  List<String> errors() {
    return errors;
  }

  Set<DhParams> dhParams() {
    return dhParams;
  }

  boolean compression() {
    return compression;
  }

  List<X509Certificate> helloChain() {
    return helloChain;
  }

  /** One SSLv2 hello: the SERVER-HELLO lists every SSLv2 cipher the server has. */
  List<Integer> sslv2() throws IOException {
    byte[] hello = ClientHelloEncoder.sslv2(CipherSuites.codes(CipherSuites.sslv2()), bytes(16));
    // Servers without SSLv2 often just drop the connection.
    return exchange(hello, ServerHelloParser::readSslv2, List.of());
  }

  /**
   * Up to {@code limit} suites the server accepts at version {@code v}, in the order it picks
   * them: offer a bundle, record the server's choice, remove it and offer the rest again until
   * the server refuses or enough are found. An empty list: the server refuses v with these.
   */
  List<Integer> enumerate(TlsVersion v, List<CipherSuite> suites, int limit) throws IOException {
    return enumerate(v, suites, limit, defaultGroups(v));
  }

  /** The same, offering {@code groups} in supported_groups. */
  List<Integer> enumerate(TlsVersion v, List<CipherSuite> suites, int limit,
      List<NamedGroup> groups) throws IOException {
    List<Integer> found = new ArrayList<>();
    List<Integer> all = CipherSuites.codes(suites);
    for (int from = 0; from < all.size() && found.size() < limit; from += BUNDLE) {
      List<Integer> bundle = new ArrayList<>(all.subList(from, Math.min(all.size(), from + BUNDLE)));
      while (!bundle.isEmpty() && found.size() < limit) {
        ServerReply r = hello(v, bundle, groups);
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

  /** Every suite of {@code suites} the server accepts at {@code v}. */
  List<Integer> enumerate(TlsVersion v, List<CipherSuite> suites) throws IOException {
    return enumerate(v, suites, Integer.MAX_VALUE);
  }

  /**
   * The server picks its own suite when the first of {@code twoAccepted} (its choice from a
   * longer list) wins again with the two offered in reverse; null, noted, when it refuses them.
   */
  Boolean picksFirstOfReversed(TlsVersion v, List<Integer> twoAccepted) throws IOException {
    ServerReply r = hello(v, List.of(twoAccepted.get(1), twoAccepted.get(0)), defaultGroups(v));
    if (!r.accepted()) {
      errors.add("server preference at " + v + ": a hello of accepted suites was refused");
      return null;
    }
    return r.suite() == twoAccepted.get(0);
  }

  /**
   * The groups of {@code offered} the server takes at {@code v}, in the order it picks them:
   * offer them with no key share (TLS 1.3: the HelloRetryRequest names the pick) or with
   * ECDHE suites (older: the ServerKeyExchange does), remove the pick, ask again.
   */
  List<String> groupsChosen(TlsVersion v, List<Integer> suites, List<NamedGroup> offered)
      throws IOException {
    List<NamedGroup> left = new ArrayList<>(offered);
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

  /** The default groups of a TLS 1.2-or-older hello plus RFC 7919's FFDHE groups. */
  static List<NamedGroup> withFfdhe(TlsVersion v) {
    List<NamedGroup> groups = new ArrayList<>(defaultGroups(v));
    Arrays.stream(NamedGroup.values()).filter(g -> g.label().startsWith("ffdhe"))
        .forEach(groups::add);
    return groups;
  }

  static List<NamedGroup> defaultGroups(TlsVersion v) {
    return Arrays.stream(NamedGroup.values())
        .filter(v == TlsVersion.TLS_1_3 ? NamedGroup::forTls13 : NamedGroup::forTls12).toList();
  }

  ServerReply hello(TlsVersion v, List<Integer> suites, List<NamedGroup> groups)
      throws IOException {
    return tlsHello(v, suites, groups, v == TlsVersion.TLS_1_3 ? x25519Share : null);
  }

  ServerReply tlsHello(TlsVersion v, List<Integer> suites, List<NamedGroup> groups,
      byte[] keyShare) throws IOException {
    byte[] hello = ClientHelloEncoder.tls(v, suites, groups, serverName, bytes(32), keyShare);
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

  /**
   * A TLS 1.3 hello of the five TLS 1.3 suites offering {@code groups} with a fresh key share
   * of {@code shareGroup}, padded to at least {@code padTo} bytes (0: not padded).
   */
  ServerReply keyShareHello(List<NamedGroup> groups, NamedGroup shareGroup, int padTo)
      throws IOException {
    byte[] hello = ClientHelloEncoder.tls(TlsVersion.TLS_1_3,
        CipherSuites.codes(CipherSuites.tls13()), groups, serverName, bytes(32), shareGroup,
        KeyShares.of(shareGroup, random), padTo);
    return exchange(hello, ServerHelloParser::read, ServerReply.CLOSED);
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

  static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void sleep(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while backing off");
    }
  }
}
