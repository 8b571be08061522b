package dev.mailharden.core.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a mail service answers after a reload: TCP, the plaintext dialogue, and a
 * completed TLS handshake (STARTTLS or implicit), recording the chain the port serves (what
 * the check after a change compares with the chain served before). This is a liveness
 * check; what the handshake offers and whether the certificate is trusted is judged apart.
 */
public final class ServiceAnswers {

  private static final Duration ATTEMPT = Duration.ofSeconds(5);

  private ServiceAnswers() {}

  /**
   * Waits until every port answers, up to {@code deadline} in all; empty when they do,
   * else why the first one that never did.
   */
  public static Optional<String> await(String address, List<Integer> ports, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    for (int port : ports) {
      String last;
      do {
        last = tryOnce(address, port).orElse(null);
        if (last == null) {
          break;
        }
        sleep(500);
      } while (System.nanoTime() < end);
      if (last != null) {
        return Optional.of(address + ":" + port + " does not answer with TLS after "
            + deadline.toSeconds() + " s: " + last);
      }
    }
    return Optional.empty();
  }

  /** The ports that answer right now (one attempt each): what a rollback must bring back. */
  public static List<Integer> answeringNow(String address, List<Integer> ports) {
    return List.copyOf(servedNow(address, ports).keySet());
  }

  /**
   * The chain (leaf first) each port serves right now, one attempt each, in the ports' order;
   * a port that does not answer is left out.
   */
  public static Map<Integer, List<X509Certificate>> servedNow(String address,
      List<Integer> ports) {
    Map<Integer, List<X509Certificate>> served = new LinkedHashMap<>();
    for (int port : ports) {
      try {
        served.put(port, handshake(address, port));
      } catch (IOException | RuntimeException e) {
        // Not answering: absent.
      }
    }
    return served;
  }

  static Optional<String> tryOnce(String address, int port) {
    try {
      handshake(address, port);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static List<X509Certificate> handshake(String address, int port) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), (int) ATTEMPT.toMillis());
      plain.setSoTimeout((int) ATTEMPT.toMillis());
      if (TlsStart.forPort(port) != TlsStart.IMPLICIT) {
        MailDialogue.forPort(port).upgrade(plain);
      }
      List<X509Certificate> chain = CertificateInspector.fetchChain(plain,
          new Endpoint(address, port, null));
      if (chain.isEmpty()) {
        throw new IOException("no certificate in the handshake");
      }
      return chain;
    }
  }

  /** A client context that completes a handshake with any certificate: liveness only. */
  public static SSLContext anyCertificate() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
