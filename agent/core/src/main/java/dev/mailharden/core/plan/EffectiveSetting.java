package dev.mailharden.core.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A setting the plan owns, with how to ask the product what is in force once the files are
 * written (the module's {@code settings.yaml}, {@code effective}): {@code prepare} runs first
 * (once per module, e.g. building Exim's configuration into a temporary file), {@code query}
 * prints the value in force, one line per place it takes effect (Cyrus: the global key and
 * each service's own), and {@code locate} prints {@code file:line:text} of every definition,
 * to name the one that overrides the plan. {@code separators}: characters that separate list
 * items, compared as one space (Postfix's "!SSLv2, !SSLv3" is "!SSLv2 !SSLv3").
 */
public record EffectiveSetting(String name, String expected, String prepare, String query,
    String locate, String separators) {

  /** The value as the product's own lists read it: items in order, split on the separators. */
  public String normalise(String value) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    for (char c : value.strip().toCharArray()) {
      if (Character.isWhitespace(c) || separators.indexOf(c) >= 0) {
        if (item.length() > 0) {
          items.add(item.toString());
          item.setLength(0);
        }
      } else {
        item.append(c);
      }
    }
    if (item.length() > 0) {
      items.add(item.toString());
    }
    return String.join(" ", items);
  }

  /**
   * The values in force (what {@link #query} printed, one per line; no line: the empty value)
   * that differ from the plan, as the product printed them.
   */
  public List<String> differing(List<String> inForce) {
    List<String> values = inForce.isEmpty() ? List.of("") : inForce;
    return values.stream().filter(v -> !normalise(v).equals(normalise(expected))).toList();
  }
}
