package dev.mailharden.modules.cyrus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits the SERVICES block of cyrus.conf in place. An entry is one line
 * {@code name cmd="..." listen="..." ...}; a commented-out entry is the same after a '#'.
 * Enabling a service uncomments Debian's template of it (keeping its tabs and options) or,
 * without one, adds a line right after its plaintext twin; either way it listens on the
 * twin's address with the port swapped. Every other line stays byte for byte.
 */
final class CyrusServices {

  private static final Pattern LISTEN = Pattern.compile("listen=\"([^\"]*)\"");

  private final List<String> lines;
  private final boolean endsWithNewline;

  CyrusServices(String text) {
    this.endsWithNewline = text.isEmpty() || text.endsWith("\n");
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    this.lines = new ArrayList<>(body.isEmpty() ? List.of() : List.of(body.split("\n", -1)));
  }

  /**
   * Makes {@code name} active beside its active plaintext {@code twin}, with the twin's
   * listen address and its port mapped by {@code ports} (imap to imaps, 143 to 993). Nothing
   * happens when {@code name} is already active (the admin's entry is theirs) or the twin is
   * not (the host serves no such protocol).
   */
  void enableTwin(String name, String twin, String cmd, Map<String, String> ports,
      String rest) {
    int[] block = servicesBlock();
    if (block == null || entry(block, name, false) >= 0) {
      return;
    }
    int twinAt = entry(block, twin, false);
    if (twinAt < 0) {
      return;
    }
    Optional<String> listen = listenOf(lines.get(twinAt)).map(l -> swapPort(l, ports));
    if (listen.isEmpty()) {
      return;
    }
    int template = entry(block, name, true);
    if (template >= 0) {
      String t = lines.get(template);
      int hash = t.indexOf('#');
      String active = t.substring(0, hash) + t.substring(hash + 1);
      lines.set(template, LISTEN.matcher(active)
          .replaceFirst(Matcher.quoteReplacement("listen=\"" + listen.get() + "\"")));
    } else {
      String indent = lines.get(twinAt).substring(0,
          lines.get(twinAt).length() - lines.get(twinAt).stripLeading().length());
      lines.add(twinAt + 1, indent + name + "\t\tcmd=\"" + cmd + "\" listen=\""
          + listen.get() + "\" " + rest);
    }
  }

  String text() {
    String body = String.join("\n", lines);
    return endsWithNewline && !lines.isEmpty() ? body + "\n" : body;
  }

  /** {@code host:port} keeps the host; a bare port is swapped whole. */
  private static String swapPort(String listen, Map<String, String> ports) {
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? "" : listen.substring(0, colon + 1);
    String port = listen.substring(colon + 1);
    return ports.containsKey(port) ? host + ports.get(port) : null;
  }

  private static Optional<String> listenOf(String line) {
    Matcher m = LISTEN.matcher(line);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The names of the active SERVICES entries: each such service also reads imapd.conf keys
   * prefixed with its name ({@code imaps_tls_ciphers}), which win over the global key.
   */
  List<String> activeNames() {
    int[] block = servicesBlock();
    List<String> names = new ArrayList<>();
    for (int i = block == null ? 0 : block[0]; block != null && i < block[1]; i++) {
      String[] f = lines.get(i).strip().split("\\s+", 2);
      if (f.length == 2 && !f[0].startsWith("#") && f[1].startsWith("cmd=")) {
        names.add(f[0]);
      }
    }
    return names;
  }

  /** The first (active or commented) entry named {@code name} in the block. */
  private int entry(int[] block, String name, boolean commented) {
    for (int i = block[0]; i < block[1]; i++) {
      String s = lines.get(i).strip();
      boolean isComment = s.startsWith("#");
      if (isComment != commented) {
        continue;
      }
      String[] f = (isComment ? s.substring(1).strip() : s).split("\\s+", 2);
      if (f.length == 2 && f[0].equals(name) && f[1].startsWith("cmd=")) {
        return i;
      }
    }
    return -1;
  }

  /** Lines strictly inside {@code SERVICES { ... }}, or null. */
  private int[] servicesBlock() {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("SERVICES\\s*\\{.*")) {
        for (int j = i + 1; j < lines.size(); j++) {
          if (lines.get(j).strip().equals("}")) {
            return new int[] {i + 1, j};
          }
        }
      }
    }
    return null;
  }
}
