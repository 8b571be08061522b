package dev.mailharden.core.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Reads mail-log lines one at a time and keeps only tallies: memory grows with the number of
 * distinct (port, client, protocol, cipher), never with the size of the log. Lines before
 * {@code since} are skipped. Header lines from {@link UsageReader}'s script ({@code #mailharden
 * ...}) set the host's clock and name the sources.
 */
public final class UsageCollector implements Consumer<String> {

  static final String HEADER = "#mailharden ";
  /** Sessions waiting for their client line (Cyrus logs the address after the TLS line). */
  private static final int MAX_OPEN_SESSIONS = 10_000;
  private static final int MAX_HELOS = 5;

  /** @param helo the HELO name on the session's own line (Exim), else null */
  private record Key(String product, int port, String address, String helo, String protocol,
      String cipher, boolean auth) {}

  private static final class Tally {
    long count;
    Instant last;
  }

  /** A session key's TLS line; {@code waiting} until its client line names the address. */
  private record Open(String product, int port, String protocol, String cipher, Instant time,
      boolean waiting) {}

  private final List<LogRule> rules;
  /** The named groups of each rule, by the rule's index. */
  private final List<Set<String>> groups;
  private final Instant since;
  private LogClock clock;
  private final Map<Key, Tally> tallies = new HashMap<>();
  private final Map<String, Set<String>> helos = new HashMap<>();
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>();
  private final List<String> sources = new ArrayList<>();
  private long linesRead;
  private long linesUsed;

  /**
   * @param hostNow the host's clock; the header line of the reader's script replaces it
   * @param hostZone the zone of log times written without one; the header replaces it too
   */
  public UsageCollector(LogSources logs, Instant since, Instant hostNow, ZoneOffset hostZone) {
    this.rules = logs.rules();
    this.groups = rules.stream().map(LogRule::groups).toList();
    this.since = since;
    this.clock = new LogClock(hostNow, hostZone);
  }

  @Override
  public void accept(String line) {
    if (line.startsWith(HEADER)) {
      header(line.substring(HEADER.length()));
      return;
    }
    linesRead++;
    for (int i = 0; i < rules.size(); i++) {
      LogRule rule = rules.get(i);
      Matcher m = rule.matching(line);
      if (m == null) {
        continue;
      }
      Instant t = clock.timeOf(line);
      if (t == null || t.isBefore(since)) {
        return;
      }
      linesUsed++;
      apply(rule, m, groups.get(i), t);
      return;
    }
  }

  private void apply(LogRule rule, Matcher m, Set<String> g, Instant t) {
    String addr = rule.group(m, g, "addr");
    String session = rule.group(m, g, "session");
    String helo = rule.group(m, g, "helo");
    if (rule.kind() == LogRule.Kind.HELO && helo != null && addr != null && !helo.isEmpty()) {
      Set<String> names = helos.computeIfAbsent(addr, a -> new LinkedHashSet<>());
      if (names.size() < MAX_HELOS) {
        names.add(helo);
      }
    }
    session = session == null ? null : rule.product() + ":" + session;
    switch (rule.kind()) {
      case TLS -> {
        String protocol = rule.group(m, g, "protocol");
        String cipher = rule.group(m, g, "cipher");
        if (addr != null) {
          count(new Key(rule.product(), rule.port(m, g), addr, helo, protocol, cipher, false), t);
        } else if (session != null) {
          opened(session, new Open(rule.product(), rule.port(m, g), protocol, cipher, t, true));
        }
      }
      case PLAIN ->
          count(new Key(rule.product(), rule.port(m, g), addr, helo, null, null, rule.auth()), t);
      case CLIENT -> {
        Open o = session == null ? null : open.get(session);
        if (o == null) {
          count(new Key(rule.product(), rule.port(m, g), addr, null, null, null, rule.auth()), t);
          if (session != null) {
            opened(session, new Open(rule.product(), rule.port(m, g), null, null, t, false));
          }
        } else if (o.waiting()) {
          count(new Key(o.product(), o.port(), addr, null, o.protocol(), o.cipher(), false),
              o.time());
          open.put(session, new Open(o.product(), o.port(), o.protocol(), o.cipher(), o.time(),
              false));
        }
      }
      case END -> {
        Open o = session == null ? null : open.remove(session);
        if (o != null && o.waiting()) {
          countWithoutClient(o);
        }
      }
      case HELO -> { }
    }
  }

  private void opened(String session, Open o) {
    Open before = open.remove(session);
    if (before != null && before.waiting()) {
      countWithoutClient(before);
    }
    open.put(session, o);
    if (open.size() > MAX_OPEN_SESSIONS) {
      var eldest = open.entrySet().iterator().next();
      open.remove(eldest.getKey());
      if (eldest.getValue().waiting()) {
        countWithoutClient(eldest.getValue());
      }
    }
  }

  private void countWithoutClient(Open o) {
    count(new Key(o.product(), o.port(), "unknown", null, o.protocol(), o.cipher(), false),
        o.time());
  }

  private void count(Key k, Instant t) {
    Tally tally = tallies.computeIfAbsent(k, x -> new Tally());
    tally.count++;
    if (tally.last == null || t.isAfter(tally.last)) {
      tally.last = t;
    }
  }

  /** {@code now=EPOCH zone=+HHMM} from the host, or {@code source=PATH}. */
  private void header(String h) {
    if (h.startsWith("source=")) {
      sources.add(h.substring("source=".length()));
      return;
    }
    Instant now = null;
    ZoneOffset zone = null;
    for (String part : h.split(" ")) {
      if (part.startsWith("now=")) {
        now = Instant.ofEpochSecond(Long.parseLong(part.substring(4)));
      } else if (part.startsWith("zone=")) {
        String z = part.substring(5);
        zone = ZoneOffset.of(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
      }
    }
    if (now != null && zone != null) {
      clock = new LogClock(now, zone);
    }
  }

  /** The tallies so far; sessions still waiting for a client are counted without one. */
  public TlsUsage result() {
    for (Open o : open.values()) {
      if (o.waiting()) {
        countWithoutClient(o);
      }
    }
    open.clear();
    List<ClientUsage> clients = new ArrayList<>();
    tallies.forEach((k, v) -> clients.add(new ClientUsage(k.product(), k.port(), k.address(),
        k.protocol(), k.cipher(), k.auth(), v.count, v.last, k.helo() != null
        ? List.of(k.helo()) : List.copyOf(helos.getOrDefault(k.address(), Set.of())))));
    clients.sort(Comparator.comparingInt(ClientUsage::port)
        .thenComparing(Comparator.comparingLong(ClientUsage::count).reversed())
        .thenComparing(ClientUsage::address)
        .thenComparing(c -> String.valueOf(c.protocol()))
        .thenComparing(c -> String.valueOf(c.cipher())));
    return new TlsUsage(since, List.copyOf(sources), linesRead, linesUsed, clients);
  }
}
