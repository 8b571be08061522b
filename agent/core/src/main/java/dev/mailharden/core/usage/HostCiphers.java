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
    List<String> wanted = strings.stream().filter(s -> !s.isEmpty()).distinct().toList();
    Map<String, Set<String>> out = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    StringBuilder cmd = new StringBuilder("command -v openssl >/dev/null || exit 0\n");
    for (int i = 0; i < wanted.size(); i++) {
      cmd.append("echo '").append(MARK).append(i).append("'; openssl ciphers ")
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
        out.computeIfAbsent(current, k -> new LinkedHashSet<>())
            .addAll(List.of(line.strip().split(":")));
      }
    }
    return out;
  }
}
