package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host entry as Ansible writes it in YAML and INI inventories: a name, optionally with
 * {@code :port} and with ranges such as {@code mx[01:03]} or {@code db-[a:c]}, each range
 * {@code begin:end} or {@code begin:end:step}.
 *
 * @param port the port given after the name, or null
 */
record HostRange(List<String> hostnames, Integer port) {

  // A name (which may hold [x:y] ranges) then :port; or [IPv6]:port.
  private static final Pattern HOST_PORT = Pattern.compile("((?:[^:\\[\\]]|\\[[^\\]]*\\])+):(\\d+)");
  private static final Pattern BRACKETED_PORT = Pattern.compile("\\[([^\\]]+)\\]:(\\d+)");
  /** Every host is held in memory: a range beyond this is a typo, not a fleet. */
  static final int MAX_HOSTS = 100_000;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  static HostRange parse(String pattern, Origin at) throws BadInputException {
    if (pattern.isBlank()) {
      throw at.error("empty host name");
    }
    Matcher bracketed = BRACKETED_PORT.matcher(pattern);
    if (bracketed.matches()) {
      return new HostRange(List.of(bracketed.group(1)), port(bracketed.group(2), at));
    }
    Matcher hostPort = HOST_PORT.matcher(pattern);
    if (hostPort.matches()) {
      return new HostRange(expand(hostPort.group(1), at), port(hostPort.group(2), at));
    }
    return new HostRange(expand(pattern, at), null);
  }

  private static int port(String digits, Origin at) throws BadInputException {
    int port = digits.length() > 5 ? -1 : Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw at.error("port " + digits + " is out of range 1-65535");
    }
    return port;
  }

  /** Ansible's expand_hostname_range: the first [..] is expanded, then the rest recursively. */
  private static List<String> expand(String pattern, Origin at) throws BadInputException {
    int open = pattern.indexOf('[');
    if (open < 0) {
      return List.of(pattern);
    }
    int close = pattern.indexOf(']', open);
    if (close < 0) {
      throw at.error("host range in '" + pattern + "' has no closing ]");
    }
    String head = pattern.substring(0, open);
    String tail = pattern.substring(close + 1);
    List<String> hosts = new ArrayList<>();
    for (String item : sequence(pattern.substring(open + 1, close), pattern, at)) {
      hosts.addAll(expand(head + item + tail, at));
      if (hosts.size() > MAX_HOSTS) {
        throw at.error("host ranges in '" + pattern + "' name more than " + MAX_HOSTS
            + " hosts");
      }
    }
    return hosts;
  }

  private static List<String> sequence(String range, String pattern, Origin at)
      throws BadInputException {
    String[] bounds = range.split(":", -1);
    if (bounds.length != 2 && bounds.length != 3) {
      throw at.error("host range [" + range + "] in '" + pattern
          + "' must be [begin:end] or [begin:end:step]");
    }
    String begin = bounds[0].isEmpty() ? "0" : bounds[0];
    String end = bounds[1];
    if (end.isEmpty()) {
      throw at.error("host range [" + range + "] in '" + pattern + "' has no end");
    }
    int step = number(bounds.length == 3 ? bounds[2] : "1", range, pattern, at);
    if (step < 1) {
      throw at.error("host range [" + range + "] in '" + pattern + "' needs a step of 1 or more");
    }
    List<String> items = new ArrayList<>();
    if (begin.length() == 1 && end.length() == 1
        && LETTERS.contains(begin) && LETTERS.contains(end)) {
      int from = LETTERS.indexOf(begin);
      int to = LETTERS.indexOf(end);
      checkOrder(from, to, range, pattern, at);
      for (int i = from; i <= to; i += step) {
        items.add(String.valueOf(LETTERS.charAt(i)));
      }
      return items;
    }
    // A leading zero asks for fixed-width numbers: [01:12] gives 01..12.
    boolean padded = begin.length() > 1 && begin.startsWith("0");
    if (padded && begin.length() != end.length()) {
      throw at.error("host range [" + range + "] in '" + pattern
          + "' must give begin and end the same width");
    }
    int from = number(begin, range, pattern, at);
    int to = number(end, range, pattern, at);
    checkOrder(from, to, range, pattern, at);
    long count = (to - from) / step + 1L;
    if (count > MAX_HOSTS) {
      throw at.error("host range in '" + pattern + "' names " + count + " hosts, more than "
          + MAX_HOSTS);
    }
    for (int i = from; i <= to; i += step) {
      String digits = String.valueOf(i);
      items.add(padded ? "0".repeat(Math.max(0, begin.length() - digits.length())) + digits
          : digits);
    }
    return items;
  }

  private static int number(String text, String range, String pattern, Origin at)
      throws BadInputException {
    if (!text.matches("\\d{1,9}")) {
      throw at.error("host range [" + range + "] in '" + pattern
          + "' must use numbers or single letters");
    }
    return Integer.parseInt(text);
  }

  // Ansible silently yields no host for [3:1]; a host that vanishes is worth an error here.
  private static void checkOrder(int from, int to, String range, String pattern, Origin at)
      throws BadInputException {
    if (from > to) {
      throw at.error("host range [" + range + "] in '" + pattern + "' ends before it begins");
    }
  }
}
