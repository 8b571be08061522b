package dev.mailharden.core.usage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time at the start of a mail-log line, in the forms Debian hosts write: RFC 3339 (rsyslog
 * since bookworm, {@code journalctl -o short-iso}), Exim's {@code 2026-11-28 16:51:53} (host
 * local time), and the traditional syslog {@code Nov 28 16:51:53} (local time, no year: the
 * year that puts it at or before the host's clock).
 */
final class LogClock {

  private static final Pattern ISO = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?(Z|[+-]\\d\\d:?\\d\\d)?\\s");
  private static final Pattern SYSLOG = Pattern.compile(
      "^([A-Z][a-z]{2}) ([ \\d]\\d) (\\d\\d:\\d\\d:\\d\\d)\\s");

  private final Instant hostNow;
  private final ZoneOffset hostZone;
  /** The last time prefix read and its instant: neighbouring lines mostly share the second. */
  private String lastPrefix;
  private Instant lastTime;

  LogClock(Instant hostNow, ZoneOffset hostZone) {
    this.hostNow = hostNow;
    this.hostZone = hostZone;
  }

  /** The line's time, or null when it does not start with one. */
  Instant timeOf(String line) {
    if (lastPrefix != null && line.startsWith(lastPrefix)) {
      return lastTime;
    }
    Matcher m = ISO.matcher(line);
    Instant t = m.find() ? iso(m) : (m = SYSLOG.matcher(line)).find() ? syslog(m) : null;
    if (t != null) {
      lastPrefix = line.substring(0, m.end());
      lastTime = t;
    }
    return t;
  }

  private Instant iso(Matcher m) {
    LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2)
        + (m.group(3) == null ? "" : m.group(3)));
    String zone = m.group(4);
    ZoneOffset offset = zone == null ? hostZone
        : zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone.length() == 5
            ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
    return local.toInstant(offset);
  }

  private Instant syslog(Matcher m) {
    try {
      Month month = Month.from(DateTimeFormatter.ofPattern("MMM", Locale.ROOT)
          .parse(m.group(1)));
      int day = Integer.parseInt(m.group(2).strip());
      String[] hms = m.group(3).split(":");
      int year = OffsetDateTime.ofInstant(hostNow, hostZone).getYear();
      LocalDateTime local = LocalDateTime.of(year, month, day, Integer.parseInt(hms[0]),
          Integer.parseInt(hms[1]), Integer.parseInt(hms[2]));
      Instant t = local.toInstant(hostZone);
      // A December line read in January belongs to last year (a day of clock skew allowed).
      return t.isAfter(hostNow.plusSeconds(86_400)) ? local.minusYears(1).toInstant(hostZone)
          : t;
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
