package dev.mailharden.core.names;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS records the name checks read, asked of one resolver: the one the inventory names
 * or the system's. Each instance has its own cache, so one run never sees another's answers.
 * Names are returned lower-case without the trailing dot.
 */
public final class DnsLookup {

  /** A lookup that got no usable answer (timeout, SERVFAIL, REFUSED), as opposed to "none". */
  public static final class LookupException extends Exception {
    LookupException(String message) {
      super(message);
    }
  }

  private final Resolver resolver;
  private final Cache cache = new Cache();
  private final String description;

  private DnsLookup(Resolver resolver, String description) {
    this.resolver = resolver;
    this.description = description;
  }

  /** Asks the server at {@code server} (e.g. {@code 127.0.3.53:53}) only. */
  public static DnsLookup using(InetSocketAddress server, Duration timeout) {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(timeout);
    return new DnsLookup(r, "resolver " + server.getAddress().getHostAddress() + ":"
        + server.getPort());
  }

  /** Asks the system's resolvers (/etc/resolv.conf), through a resolver of our own. */
  public static DnsLookup system(Duration timeout) {
    Resolver r = new ExtendedResolver();
    r.setTimeout(timeout);
    return new DnsLookup(r, "the system resolver");
  }

  /** Which resolver answers, for reports. */
  public String description() {
    return description;
  }

  /** MX targets, most preferred first; empty when the domain has none. */
  public List<String> mx(String domain) throws LookupException {
    List<MXRecord> records = new ArrayList<>();
    for (Record r : query(domain, Type.MX)) {
      records.add((MXRecord) r);
    }
    records.sort(Comparator.comparingInt(MXRecord::getPriority));
    return records.stream().map(r -> text(r.getTarget())).toList();
  }

  /** The target when {@code name} itself is an alias (a CNAME record), else empty. */
  public Optional<String> cname(String name) throws LookupException {
    for (Record r : query(name, Type.CNAME)) {
      return Optional.of(text(((CNAMERecord) r).getTarget()));
    }
    return Optional.empty();
  }

  /** A and AAAA addresses (through any CNAME chain); empty when there are none. */
  public List<InetAddress> addresses(String name) throws LookupException {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : query(name, Type.A)) {
      out.add(((ARecord) r).getAddress());
    }
    for (Record r : query(name, Type.AAAA)) {
      out.add(((AAAARecord) r).getAddress());
    }
    return out;
  }

  /** PTR names of the address; empty when there are none. */
  public List<String> ptr(InetAddress address) throws LookupException {
    List<String> out = new ArrayList<>();
    for (Record r : query(ReverseMap.fromAddress(address).toString(), Type.PTR)) {
      out.add(text(((PTRRecord) r).getTarget()));
    }
    return out;
  }

  private List<Record> query(String name, int type) throws LookupException {
    Lookup l;
    try {
      // Absolute name: the resolver's search domains never apply.
      l = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
    } catch (TextParseException e) {
      throw new LookupException("'" + name + "' is not a DNS name");
    }
    l.setResolver(resolver);
    l.setCache(cache);
    Record[] answer = l.run();
    return switch (l.getResult()) {
      case Lookup.SUCCESSFUL -> List.of(answer).stream()
          .filter(r -> r.getType() == type).toList();
      case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> List.of();
      default -> throw new LookupException(Type.string(type) + " " + name + ": "
          + l.getErrorString() + " (" + description + ")");
    };
  }

  /** Parses an address literal without ever asking DNS. */
  public static InetAddress literal(String address) throws UnknownHostException {
    if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new UnknownHostException("not an IP address: " + address);
    }
    return InetAddress.getByName(address);
  }

  static String text(Name name) {
    return name.toString(true).toLowerCase(java.util.Locale.ROOT);
  }
}
