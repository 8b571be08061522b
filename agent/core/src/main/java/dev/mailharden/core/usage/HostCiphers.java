package dev.mailharden.core.usage;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenSSL cipher strings expanded by the host's own {@code openssl ciphers}, in one command:
 * the suites a product linked against that library would allow (the controller's OpenSSL may
 * be another version with other aliases). A string the host cannot expand is left out.
 */
public final class HostCiphers {

  private static final String MARK = "#mailharden cipher-string ";

  private HostCiphers() {}

  public static Map<String, Set<String>> expand(RemoteShell host, Collection<String> strings)
      throws ConnectionException {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    listings(host, strings, "").forEach((string, lines) -> {
      for (String line : lines) {
        out.computeIfAbsent(string, k -> new LinkedHashSet<>()).addAll(List.of(line.split(":")));
      }
    });
    return out;
  }

  /**
   * The same strings expanded to suite codes ({@code openssl ciphers -V}: "0xC0,0x30 - NAME
   * ..."), which name a suite whatever either side's library calls it.
   */
  public static Map<String, Set<Integer>> codes(RemoteShell host, Collection<String> strings)
      throws ConnectionException {
    Map<String, Set<Integer>> out = new LinkedHashMap<>();
    listings(host, strings, "-V ").forEach((string, lines) -> {
      for (String line : lines) {
        java.util.regex.Matcher m = CODE.matcher(line);
        if (m.find()) {
          out.computeIfAbsent(string, k -> new LinkedHashSet<>())
              .add(Integer.parseInt(m.group(1) + m.group(2), 16));
        }
      }
    });
    return out;
  }

  private static final java.util.regex.Pattern CODE =
      java.util.regex.Pattern.compile("0x(\\p{XDigit}{2}),0x(\\p{XDigit}{2}) - ");

  /** Each string's {@code openssl ciphers FLAGS STRING} output lines, in one command. */
  private static Map<String, List<String>> listings(RemoteShell host, Collection<String> strings,
      String flags) throws ConnectionException {
    List<String> wanted = strings.stream().filter(s -> !s.isEmpty()).distinct().toList();
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    StringBuilder cmd = new StringBuilder("command -v openssl >/dev/null || exit 0\n");
    for (int i = 0; i < wanted.size(); i++) {
      cmd.append("echo '").append(MARK).append(i).append("'; openssl ciphers ").append(flags)
          .append(Shell.quote(wanted.get(i))).append(" 2>/dev/null\n");
    }
    // stream, not exec: exec parks output in temp files on the host; this writes nothing.
    List<String> lines = new java.util.ArrayList<>();
    host.stream(cmd.append("exit 0\n").toString(), java.time.Duration.ofSeconds(60),
        lines::add);
    String current = null;
    for (String line : lines) {
      if (line.startsWith(MARK)) {
        current = wanted.get(Integer.parseInt(line.substring(MARK.length()).strip()));
      } else if (current != null && !line.isBlank()) {
        out.computeIfAbsent(current, k -> new java.util.ArrayList<>()).add(line.strip());
      }
    }
    return out;
  }
}
