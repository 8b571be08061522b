package dev.mailharden.modules.exim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The driver instances of one Exim section (authenticators, transports), edited in place. An
 * instance starts at a {@code name:} line and runs to the next one. An owned option is
 * replaced where it is (Debian guards some with {@code .ifndef}) or added after the
 * {@code driver} line; comments, directives and other options stay byte for byte.
 */
final class EximDrivers {

  private final List<String> lines;

  EximDrivers(List<String> lines) {
    this.lines = new ArrayList<>(lines);
  }

  List<String> lines() {
    return lines;
  }

  /** The first line of each instance, in order. */
  List<Integer> starts() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (isInstanceName(lines.get(i))) {
        out.add(i);
      }
    }
    return out;
  }

  /** The first line of instance {@code name}, if the section has it. */
  Optional<Integer> start(String name) {
    return starts().stream().filter(i -> lines.get(i).strip().equals(name + ":")).findFirst();
  }

  /** One past the last line of the instance starting at {@code start}. */
  int end(int start) {
    int end = start + 1;
    while (end < lines.size() && !isInstanceName(lines.get(end))) {
      end++;
    }
    return end;
  }

  /** The active options of the instance starting at {@code start}, as lines. */
  List<String> options(int start) {
    return lines.subList(start + 1, end(start)).stream()
        .filter(l -> !optionName(l).isEmpty()).toList();
  }

  /** Sets {@code option = value} in the instance starting at {@code start}. */
  void set(int start, String option, String value) {
    String wanted = option + " = " + value;
    int end = end(start);
    int driver = start;
    for (int i = start + 1; i < end; i++) {
      String l = lines.get(i);
      if (optionName(l).equals(option)) {
        if (!l.strip().replaceAll("\\s+", " ").equals(wanted)) {
          lines.set(i, indent(l) + wanted);
        }
        return;
      }
      if (optionName(l).equals("driver")) {
        driver = i;
      }
    }
    lines.add(driver + 1, (driver > start ? indent(lines.get(driver)) : "  ") + wanted);
  }

  /** Removes the active {@code option} lines of the instance whose value {@code matches}. */
  void remove(int start, String option, java.util.function.Predicate<String> matches) {
    for (int i = end(start) - 1; i > start; i--) {
      String l = lines.get(i);
      if (optionName(l).equals(option) && matches.test(l.substring(l.indexOf('=') + 1).strip())) {
        lines.remove(i);
      }
    }
  }

  /** The option an active {@code name = value} line sets, or "" for anything else. */
  static String optionName(String line) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#") || s.startsWith(".")) {
      return "";
    }
    int eq = s.indexOf('=');
    return eq < 0 ? "" : s.substring(0, eq).strip();
  }

  private static String indent(String line) {
    return line.substring(0, line.length() - line.stripLeading().length());
  }

  private static boolean isInstanceName(String line) {
    return line.matches("[A-Za-z][A-Za-z0-9_-]*:\\s*");
  }
}
