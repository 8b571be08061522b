package dev.mailharden.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The time forms of Debian's mail logs: rsyslog RFC 3339, journal short-iso, Exim, syslog. */
class LogClockTest {

  final LogClock clock = new LogClock(Instant.parse("2026-01-02T10:00:00Z"),
      ZoneOffset.ofHours(1));

  @Test
  void rfc3339AndJournalTimesCarryTheirOwnOffset() {
    assertEquals(Instant.parse("2026-01-02T08:51:53.123456Z"), clock.timeOf(
        "2026-01-02T09:51:53.123456+01:00 mx postfix/smtpd[1]: connect from x[192.0.2.1]"));
    assertEquals(Instant.parse("2026-01-02T09:51:53Z"), clock.timeOf(
        "2026-01-02T09:51:53+0000 mx postfix/smtpd[1]: connect from x[192.0.2.1]"));
  }

  @Test
  void eximAndSyslogTimesAreHostLocal() {
    assertEquals(Instant.parse("2026-01-02T08:51:53Z"), clock.timeOf(
        "2026-01-02 09:51:53 1xXLeT-000000000UT-0lpV <= a@b H=(c) [192.0.2.1] P=esmtps"));
    assertEquals(Instant.parse("2026-01-02T08:51:53Z"), clock.timeOf(
        "Jan  2 09:51:53 mx dovecot: imap-login: Login: user=<a>"));
  }

  @Test
  void aDecemberLineReadInJanuaryIsFromLastYear() {
    assertEquals(Instant.parse("2025-12-31T22:59:59Z"), clock.timeOf(
        "Dec 31 23:59:59 mx postfix/smtpd[1]: disconnect from x[192.0.2.1]"));
  }

  @Test
  void aLineWithoutATimeHasNone() {
    assertNull(clock.timeOf("postfix/smtpd[1]: disconnect from x[192.0.2.1]"));
  }
}
