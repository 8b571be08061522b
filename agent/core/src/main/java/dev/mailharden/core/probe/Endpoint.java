package dev.mailharden.core.probe;

import dev.mailharden.core.BadInputException;

/**
 * A mail TLS endpoint to probe.
 *
 * @param host DNS name or IP literal to connect to
 * @param serverName the DNS name to send as SNI and to find in the certificate; null when the
 *     endpoint is known only by address
 */
public record Endpoint(String host, int port, TlsStart tlsStart, String serverName) {

  public Endpoint(String host, int port, TlsStart tlsStart) {
    this(host, port, tlsStart, isDnsName(host) ? host : null);
  }

  /** Parses "host:port" ("[v6]:port" too); a null {@code tlsStart} picks it from the port. */
  public static Endpoint parse(String hostPort, TlsStart tlsStart) throws BadInputException {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new BadInputException(hostPort, "expected HOST:PORT");
    }
    String host = hostPort.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new BadInputException(hostPort, "not a port number");
    }
    return new Endpoint(host, port, tlsStart != null ? tlsStart : startFor(hostPort, port));
  }

  private static TlsStart startFor(String hostPort, int port) throws BadInputException {
    try {
      return TlsStart.forPort(port);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(hostPort, e.getMessage() + "; say --starttls");
    }
  }

  static boolean isDnsName(String host) {
    return !host.contains(":") && !host.matches("[0-9.]+");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
