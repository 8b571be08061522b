package dev.mailharden.core.facts;

import java.util.List;

/**
 * What one host is: OS, init system, mail products and the TCP mail ports it listens on (as
 * the kernel lists them: in a shared network namespace, other hosts' listeners too).
 */
public record HostFacts(
    String host,
    String address,
    String osId,
    String osVersion,
    String osName,
    String initSystem,
    List<ProductFact> products,
    List<ListeningPort> listening) {

  public HostFacts {
    products = List.copyOf(products);
    listening = List.copyOf(listening);
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
