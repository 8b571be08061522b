package dev.mailharden.core.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the prober's connections to one endpoint (the TLS work one at a time, the plaintext
 * phase beside it), each with timeouts, through the STARTTLS dialogue when there is one. A
 * "come back later" greeting is rate limiting, not a TLS fact: back off and retry.
 */
final class MailConnector {

  /** A step on a freshly connected socket. */
  interface Step<T> {
    T on(Socket socket) throws IOException;
  }

  private final Endpoint endpoint;
  private final ProbeOptions options;
  /** The plaintext phase and the TLS work connect from two threads. */
  private final java.util.concurrent.atomic.AtomicInteger connections =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile InetAddress fromServersOwnAddress;

  MailConnector(Endpoint endpoint, ProbeOptions options) {
    this.endpoint = endpoint;
    this.options = options;
  }

  int connections() {
    return connections.get();
  }

  /**
   * The server's own address when a connection came from it, else null. Dovecot counts such
   * a client as secured ("localhost connections are always secured": source equal to
   * destination, not any loopback source) and shows it cleartext login a stranger never sees.
   */
  InetAddress fromServersOwnAddress() {
    return fromServersOwnAddress;
  }

  /** A socket on which the next bytes are TLS: after STARTTLS, or at once for implicit TLS. */
  Socket openForTls() throws IOException {
    return withRetries(s -> {
      if (endpoint.tlsStart().dialogue() != null) {
        endpoint.tlsStart().dialogue().upgrade(s);
      }
      return s;
    }, false);
  }

  /** Runs {@code step} on a fresh plaintext connection and closes it. */
  <T> T plaintext(Step<T> step) throws IOException {
    return withRetries(step, true);
  }

  private <T> T withRetries(Step<T> step, boolean close) throws IOException {
    // Exim refuses with 421 beyond 20 concurrent children, and each lingers 500 ms after a
    // dropped TLS handshake: short waits, doubled, ride that out without stalling the probe.
    long backoffMs = 100;
    for (int attempt = 0; ; attempt++) {
      Socket s = connect();
      try {
        T result = step.on(s);
        if (close) {
          s.close();
        }
        return result;
      } catch (RateLimitedException e) {
        s.close();
        if (attempt >= options.rateLimitRetries()) {
          throw e;
        }
        sleep(backoffMs);
        backoffMs *= 2;
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
    }
  }

  private Socket connect() throws IOException {
    int timeout = (int) options.timeout().toMillis();
    InetAddress target = InetAddress.getByName(endpoint.host());
    Socket s = new Socket();
    try {
      InetAddress local = localAddress(target);
      if (local != null) {
        s.bind(new InetSocketAddress(local, 0));
      }
      s.setSoTimeout(timeout);
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(target, endpoint.port()), timeout);
      connections.incrementAndGet();
      if (s.getLocalAddress().equals(s.getInetAddress())) {
        fromServersOwnAddress = target;
      }
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * On loopback the kernel would pick the target's own address as source, which Dovecot
   * treats as secure (plaintext login allowed): probe from another loopback address then
   * (Linux routes all of 127/8 locally), like a stranger, unless told otherwise.
   */
  private InetAddress localAddress(InetAddress target) throws IOException {
    if (options.bindAddress() != null) {
      return InetAddress.getByName(options.bindAddress());
    }
    if (!target.isLoopbackAddress() || target.getAddress().length != 4) {
      return null;
    }
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    return target.equals(lo) ? InetAddress.getByName("127.0.0.2") : lo;
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while backing off", e);
    }
  }
}
