package dev.mailharden.core.facts;

import java.util.List;

/**
 * What one host is: OS, init system, mail products and the TCP mail ports it listens on (as
 * the kernel lists them: in a shared network namespace, other hosts' listeners too), and
 * what {@code facts} found wrong with the certificates its ports serve
 * ({@link CertificateNotes}; empty when not looked at).
 */
public record HostFacts(
    String host,
    String address,
    String osId,
    String osVersion,
    String osName,
    String initSystem,
    List<ProductFact> products,
    List<ListeningPort> listening,
    List<String> certificateNotes) {

  public HostFacts {
    products = List.copyOf(products);
    listening = List.copyOf(listening);
    certificateNotes = List.copyOf(certificateNotes);
  }

  /** Facts whose served certificates were not looked at. */
  public HostFacts(String host, String address, String osId, String osVersion, String osName,
      String initSystem, List<ProductFact> products, List<ListeningPort> listening) {
    this(host, address, osId, osVersion, osName, initSystem, products, listening, List.of());
  }

  public HostFacts withCertificateNotes(List<String> notes) {
    return new HostFacts(host, address, osId, osVersion, osName, initSystem, products,
        listening, notes);
  }

  /** A TCP listener: the address as the kernel reports it and the port. */
  public record ListeningPort(String address, int port) {
    boolean wildcard() {
      return address.equals("0.0.0.0") || address.equals("0:0:0:0:0:0:0:0");
    }
  }

  /** The mail ports reachable at the address mailharden connects to (or on every address). */
  public java.util.List<Integer> portsAtAddress() {
    return listening.stream().filter(l -> l.wildcard() || l.address().equals(address))
        .map(ListeningPort::port).distinct().toList();
  }
}
