package dev.mailharden.core.facts;

import java.util.List;

/** What one host is: OS, init system, mail products and the TCP ports it listens on. */
public record HostFacts(
    String host,
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
  public record ListeningPort(String address, int port) {}
}
