package dev.mailharden.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The product-neutral bookkeeping: the window, the host's clock from the reader's header, and
 * sessions whose TLS line names no client (completed by a later line of the same session key,
 * or counted as "unknown" when the session ends without one).
 */
class UsageCollectorTest {

  static final List<LogRule> RULES = List.of(
      new LogRule("x", LogRule.Kind.TLS, Pattern.compile(
          "srv\\[(?<session>\\d+)\\]: tls (?<protocol>\\S+) (?<cipher>\\S+)(?: from (?<addr>\\S+))?"),
          Map.of("", 143), false, null),
      new LogRule("x", LogRule.Kind.CLIENT, Pattern.compile(
          "srv\\[(?<session>\\d+)\\]: login from (?<addr>\\S+)"), Map.of("", 143), true, null),
      new LogRule("x", LogRule.Kind.END, Pattern.compile("srv\\[(?<session>\\d+)\\]: end"),
          Map.of("", 143), false, null));

  static UsageCollector collector(Instant since) {
    return new UsageCollector(new LogSources(List.of(), List.of(), RULES), since,
        Instant.parse("2026-11-28T18:00:00Z"), ZoneOffset.UTC);
  }

  @Test
  void linesBeforeTheWindowAreSkippedInTheHostsZone() {
    UsageCollector c = collector(Instant.parse("2026-11-28T10:00:00Z"));
    c.accept(UsageCollector.HEADER + "now=1795888800 zone=+0200");
    c.accept("Nov 28 11:59:59 mx srv[1]: tls TLSv1 A from 192.0.2.1"); // 09:59:59Z: before
    c.accept("Nov 28 12:00:01 mx srv[1]: tls TLSv1.2 B from 192.0.2.1");
    c.accept("Nov 28 12:00:02 mx something else");
    c.accept(UsageCollector.HEADER + "source=/var/log/mail.log");
    TlsUsage u = c.result();
    assertEquals("143 192.0.2.1 TLSv1.2 B x1", RotatedLogs.tally(u));
    assertEquals(Instant.parse("2026-11-28T10:00:01Z"), u.clients().get(0).lastSeen());
    assertEquals(List.of("/var/log/mail.log"), u.sources());
    assertEquals(3, u.linesRead());
    assertEquals(1, u.linesUsed());
  }

  @Test
  void aSessionsClientLineNamesItsTlsLineAndALoneClientLineIsPlaintext() {
    UsageCollector c = collector(Instant.EPOCH);
    c.accept("2026-11-28T12:00:00Z mx srv[7]: tls TLSv1.3 S");
    c.accept("2026-11-28T12:00:01Z mx srv[7]: login from 192.0.2.7");
    c.accept("2026-11-28T12:00:02Z mx srv[7]: login from 192.0.2.7"); // same session: once
    c.accept("2026-11-28T12:00:03Z mx srv[7]: end");
    c.accept("2026-11-28T12:00:04Z mx srv[7]: login from 192.0.2.8"); // no TLS in this one
    c.accept("2026-11-28T12:00:05Z mx srv[7]: end");
    c.accept("2026-11-28T12:00:06Z mx srv[9]: tls TLSv1.2 T");
    c.accept("2026-11-28T12:00:07Z mx srv[9]: end"); // never logged in: no address
    c.accept("2026-11-28T12:00:08Z mx srv[5]: tls TLSv1 U"); // still open at the end
    assertEquals(String.join("\n",
        "143 192.0.2.7 TLSv1.3 S x1",
        "143 192.0.2.8 plaintext+auth x1",
        "143 unknown TLSv1 U x1",
        "143 unknown TLSv1.2 T x1"), RotatedLogs.tally(c.result()));
  }
}
