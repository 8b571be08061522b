package dev.mailharden.core.usage;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/**
 * Reads a host's mail logs over its SSH connection in one read-only command and summarises
 * them while they stream in. The host sends only the lines its products' filters pick, from
 * the log files (oldest first, {@code .gz} through zcat) changed within the window, or from
 * the journal when none of those files exists (hosts without a syslog daemon).
 */
public final class UsageReader {

  private final LogSources logs;
  private final Duration window;
  private final Duration timeout;

  public UsageReader(LogSources logs, Duration window, Duration timeout) {
    this.logs = logs;
    this.window = window;
    this.timeout = timeout;
  }

  /** {@code 7d}, {@code 36h} or {@code 90m}: how far back the logs are read. */
  public static Duration window(String option, String text)
      throws dev.mailharden.core.BadInputException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([dhm])")
        .matcher(text.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new dev.mailharden.core.BadInputException(option,
          "'" + text + "' is not a window like 7d, 36h or 90m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }

  public TlsUsage read(RemoteShell host) throws ConnectionException {
    Instant since = Instant.now().minus(window);
    UsageCollector collector = new UsageCollector(logs, since, Instant.now(), ZoneOffset.UTC);
    ExecResult r = host.stream(script(since), timeout, collector);
    if (r.timedOut()) {
      throw new ConnectionException(host.hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "reading the mail logs took longer than " + timeout.toSeconds() + " s");
    }
    if (r.exitStatus() != 0) {
      throw new ConnectionException(host.hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "reading the mail logs failed (exit " + r.exitStatus() + "): " + r.stderr().strip());
    }
    return collector.result();
  }

  /** The command run on the host: it only reads. */
  String script(Instant since) {
    String filter = logs.hostFilters().stream().map(f -> "-e " + Shell.quote(f))
        .collect(Collectors.joining(" "));
    long minutes = Math.max(1, window.toMinutes());
    return "echo \"" + UsageCollector.HEADER + "now=$(date +%s) zone=$(date +%z)\"\n"
        + "found=\n"
        + "for f in $(ls -1tr -- " + String.join(" ", logs.files()) + " 2>/dev/null); do\n"
        + "  [ -f \"$f\" ] || continue\n"
        + "  [ -r \"$f\" ] || { echo \"" + UsageCollector.HEADER
        + "source=$f (not readable by $(id -un): use root, become, or the adm group)\"; continue; }\n"
        + "  [ -n \"$(find \"$f\" -mmin -" + minutes + " 2>/dev/null)\" ] || continue\n"
        + "  found=1; echo \"" + UsageCollector.HEADER + "source=$f\"\n"
        + "  case \"$f\" in *.gz) zcat -- \"$f\" ;; *) cat -- \"$f\" ;; esac"
        + " | grep -a -F " + filter + "\n"
        + "done\n"
        + "if [ -z \"$found\" ] && command -v journalctl >/dev/null 2>&1; then\n"
        + "  echo \"" + UsageCollector.HEADER + "source=journal\"\n"
        + "  journalctl -q --no-pager -o short-iso --since @" + since.getEpochSecond()
        + " | grep -a -F " + filter + "\n"
        + "fi\n"
        + "exit 0\n";
  }
}
