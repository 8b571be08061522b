package dev.mailharden.core.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code key=value} lines one facts fragment printed. A key may repeat (a list); for a
 * single value the last line wins. Blank values count as absent.
 */
public final class FactLines {

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  public FactLines(String text) {
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        String value = line.substring(eq + 1).strip();
        if (!value.isEmpty()) {
          values.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(value);
        }
      }
    }
  }

  public Optional<String> get(String key) {
    List<String> all = values.get(key);
    return all == null ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  public List<String> all(String key) {
    return values.getOrDefault(key, List.of());
  }

  /** Every single-valued key but {@code key}, for a product's details. */
  public Map<String, String> allExcept(String key) {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!k.equals(key)) {
        copy.put(k, v.get(v.size() - 1));
      }
    });
    return copy;
  }
}
