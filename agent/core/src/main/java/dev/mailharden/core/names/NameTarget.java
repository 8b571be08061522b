package dev.mailharden.core.names;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.InventoryHost;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the name checks need to know of one MTA host, from its inventory variables:
 * {@code mailharden_public_address} (the address the world sees; the checks run only when
 * it is set, since the SSH address is often an internal one), {@code mailharden_mail_domains}
 * (list, or comma-separated) and {@code mailharden_dns_resolver} (ADDRESS or ADDRESS:PORT;
 * default the system's).
 *
 * @param hostName the inventory name, the host's own DNS name
 * @param resolver null for the system's
 */
public record NameTarget(String hostName, InetAddress publicAddress, List<String> mailDomains,
    InetSocketAddress resolver) {

  public static final String PUBLIC_ADDRESS = "mailharden_public_address";
  public static final String MAIL_DOMAINS = "mailharden_mail_domains";
  public static final String DNS_RESOLVER = "mailharden_dns_resolver";

  /** The host's target, or empty when the inventory gives it no public address. */
  public static Optional<NameTarget> of(InventoryHost host) throws BadInputException {
    Object address = host.value(PUBLIC_ADDRESS);
    if (address == null || String.valueOf(address).isBlank()) {
      return Optional.empty();
    }
    InetAddress public_;
    try {
      public_ = DnsLookup.literal(String.valueOf(address).strip());
    } catch (UnknownHostException e) {
      throw host.origin(PUBLIC_ADDRESS).error("host " + host.name() + ": " + PUBLIC_ADDRESS
          + " must be an IPv4 or IPv6 address, got '" + address + "'");
    }
    List<String> domains = new ArrayList<>();
    Object d = host.value(MAIL_DOMAINS);
    if (d != null) {
      List<?> items = d instanceof List<?> l ? l : List.of(String.valueOf(d).split("[,\\s]+"));
      for (Object i : items) {
        String s = String.valueOf(i).strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (!s.isEmpty()) {
          domains.add(s);
        }
      }
    }
    Object r = host.value(DNS_RESOLVER);
    InetSocketAddress resolver = null;
    if (r != null && !String.valueOf(r).isBlank()) {
      resolver = resolver(String.valueOf(r).strip()).orElseThrow(() -> host.origin(DNS_RESOLVER)
          .error("host " + host.name() + ": " + DNS_RESOLVER + " must be ADDRESS or"
              + " ADDRESS:PORT ([v6]:PORT), got '" + r + "'"));
    }
    return Optional.of(new NameTarget(host.name().toLowerCase(Locale.ROOT), public_,
        List.copyOf(domains), resolver));
  }

  /** The DNS client for this host: its resolver, else the system's. */
  public DnsLookup lookup(Duration timeout) {
    return resolver == null ? DnsLookup.system(timeout) : DnsLookup.using(resolver, timeout);
  }

  private static Optional<InetSocketAddress> resolver(String text) {
    String host = text;
    int port = 53;
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[") && text.contains("]:")) {
      host = text.substring(1, text.indexOf(']'));
      port = Integer.parseInt(text.substring(text.indexOf("]:") + 2));
    } else if (colon > 0 && text.indexOf(':') == colon) {
      host = text.substring(0, colon);
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new InetSocketAddress(DnsLookup.literal(host), port));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
