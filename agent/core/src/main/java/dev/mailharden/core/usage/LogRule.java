package dev.mailharden.core.usage;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of mail-log line a product writes, as data from its {@code usage.yaml}: a regular
 * expression whose named groups say what the line tells (addr, port or service, protocol,
 * cipher, helo, session), and what kind of fact it is.
 *
 * @param ports the port of each value of the {@code service} group, when the line has no
 *     {@code port} group (Postfix's syslog name, Dovecot's login service)
 * @param auth the line shows a login or AUTH attempt
 * @param contains text every such line contains: a cheap test before the expression (null:
 *     none)
 */
record LogRule(String product, Kind kind, Pattern match, Map<String, Integer> ports,
    boolean auth, String contains) {

  /** The rule's matcher on the line, or null when the line is not of this kind. */
  Matcher matching(String line) {
    if (contains != null && !line.contains(contains)) {
      return null;
    }
    Matcher m = match.matcher(line);
    return m.find() ? m : null;
  }

  enum Kind {
    /** A TLS session: protocol and cipher, with the client's address or a session key. */
    TLS,
    /** A session that ended or logged in without TLS on a port that offers STARTTLS. */
    PLAIN,
    /** The client of a session key: completes a TLS line that had no address, else plain. */
    CLIENT,
    /** A session key ended: a TLS line still waiting for its client is counted without one. */
    END,
    /** A HELO/EHLO name the client at addr used. */
    HELO
  }

  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** The named groups of the expression (Java 17's Pattern cannot list them). */
  Set<String> groups() {
    Set<String> names = new HashSet<>();
    Matcher g = GROUP_NAME.matcher(match.pattern());
    while (g.find()) {
      names.add(g.group(1));
    }
    return names;
  }

  /** The named group's text, or null when the rule has no such group or it did not match. */
  String group(Matcher m, Set<String> groups, String name) {
    return groups.contains(name) ? m.group(name) : null;
  }

  /** The local port the line is about: its port group, else its service's port, else 0. */
  int port(Matcher m, Set<String> groups) {
    String p = group(m, groups, "port");
    if (p != null) {
      return Integer.parseInt(p);
    }
    String service = group(m, groups, "service");
    return service == null ? ports.getOrDefault("", 0) : ports.getOrDefault(service, 0);
  }
}
