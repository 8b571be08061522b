package dev.mailharden.modules.exim;

import java.util.ArrayList;
import java.util.List;

/**
 * Edits the authenticators of an Exim auth section in place. An authenticator starts at a
 * {@code name:} line and runs to the next one; it is a server authenticator when it has an
 * active {@code server_*} option (Debian's examples are all commented out, and client-only
 * ones such as {@code cram_md5} with just {@code client_*} options are left alone). An owned
 * option is replaced where it is (Debian guards it with {@code .ifndef}) or added after the
 * {@code driver} line; comments, directives and other options stay byte for byte.
 */
final class EximAuthenticators {

  private final List<String> lines;

  EximAuthenticators(List<String> lines) {
    this.lines = new ArrayList<>(lines);
  }

  /** Sets {@code option = value} on every server authenticator. */
  void setOnServers(String option, String value) {
    for (int start = 0; start < lines.size(); start++) {
      if (!isAuthenticatorName(lines.get(start))) {
        continue;
      }
      int end = start + 1;
      while (end < lines.size() && !isAuthenticatorName(lines.get(end))) {
        end++;
      }
      if (isServer(start, end)) {
        set(start, end, option, value);
      }
    }
  }

  List<String> lines() {
    return lines;
  }

  private boolean isServer(int start, int end) {
    return lines.subList(start + 1, end).stream()
        .anyMatch(l -> optionName(l).startsWith("server_"));
  }

  private void set(int start, int end, String option, String value) {
    String wanted = option + " = " + value;
    int driver = start;
    for (int i = start + 1; i < end; i++) {
      String l = lines.get(i);
      if (optionName(l).equals(option)) {
        String indent = l.substring(0, l.length() - l.stripLeading().length());
        if (!l.strip().replaceAll("\\s+", " ").equals(wanted)) {
          lines.set(i, indent + wanted);
        }
        return;
      }
      if (optionName(l).equals("driver")) {
        driver = i;
      }
    }
    String indent = driver > start ? lines.get(driver).substring(0,
        lines.get(driver).length() - lines.get(driver).stripLeading().length()) : "  ";
    lines.add(driver + 1, indent + wanted);
  }

  /** The option an active {@code name = value} line sets, or "" for anything else. */
  private static String optionName(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#") || s.startsWith(".")) {
      return "";
    }
    int eq = s.indexOf('=');
    return eq < 0 ? "" : s.substring(0, eq).strip();
  }

  private static boolean isAuthenticatorName(String line) {
    return line.matches("[A-Za-z][A-Za-z0-9_-]*:\\s*");
  }
}
