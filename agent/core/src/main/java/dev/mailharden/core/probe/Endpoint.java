package dev.mailharden.core.probe;

import dev.mailharden.core.BadInputException;

/**
 * A mail TLS endpoint to probe.
 *
 * @param host DNS name or IP literal to connect to; a DNS name is also sent as SNI and checked
 *     against the certificate
 */
public record Endpoint(String host, int port, TlsStart tlsStart) {

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
    if (tlsStart != null) {
      return new Endpoint(host, port, tlsStart);
    }
    try {
      return new Endpoint(host, port, TlsStart.forPort(port));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(hostPort, e.getMessage() + "; say --starttls");
    }
  }

  /** The host name for SNI and certificate checks; null when the host is an IP literal. */
  public String serverName() {
    return host.contains(":") || host.matches("[0-9.]+") ? null : host;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
