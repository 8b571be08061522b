package dev.mailharden.core.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A product version as its numeric parts: "2.3.19.1" and "2.4.1-4" compare by numbers,
 * anything after the first non-numeric part ignored.
 */
public record Version(List<Integer> parts) implements Comparable<Version> {

  public static Version parse(String text) {
    List<Integer> parts = new ArrayList<>();
    for (String p : text.strip().split("\\.")) {
      String digits = p.replaceFirst("^([0-9]+).*$", "$1");
      if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
        break;
      }
      parts.add(Integer.parseInt(digits));
      if (digits.length() != p.length()) {
        break;
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("not a version: " + text);
    }
    return new Version(List.copyOf(parts));
  }

  @Override
  public int compareTo(Version o) {
    for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
      int a = i < parts.size() ? parts.get(i) : 0;
      int b = i < o.parts.size() ? o.parts.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  /**
   * Whether this version satisfies a range such as {@code ">=3.6"}, {@code "<3.9"} or
   * {@code ">=2.3.15, <2.4"} (all comma-separated bounds must hold); empty means any.
   */
  public boolean satisfies(String range) {
    if (range == null || range.isBlank()) {
      return true;
    }
    for (String bound : range.split(",")) {
      String b = bound.strip();
      String op = b.replaceFirst("^([<>=!]*).*$", "$1");
      int c = compareTo(parse(b.substring(op.length())));
      boolean holds = switch (op) {
        case ">=" -> c >= 0;
        case ">" -> c > 0;
        case "<=" -> c <= 0;
        case "<" -> c < 0;
        case "=", "==", "" -> c == 0;
        case "!=" -> c != 0;
        default -> throw new IllegalArgumentException("bad version bound: " + b);
      };
      if (!holds) {
        return false;
      }
    }
    return true;
  }
}
