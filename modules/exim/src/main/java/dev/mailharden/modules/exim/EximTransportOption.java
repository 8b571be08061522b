package dev.mailharden.modules.exim;

import dev.mailharden.core.edit.KeyValueLines;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one option of one transport of a whole exim4.conf as Exim would: lines inside
 * {@code .ifdef}/{@code .ifndef} blocks count only when the macro test holds for the macros
 * the main section defines, and a value that is a macro name is replaced by its definition.
 */
final class EximTransportOption {

  private static final Pattern MACRO = Pattern.compile("^([A-Z][A-Z0-9_]*)\\s*==?\\s*(.*)$");
  private static final Pattern DRIVER = Pattern.compile("^(\\S[^=]*?)\\s*:\\s*$");

  private EximTransportOption() {}

  static Optional<String> read(String config, String transport, String option) {
    EximConfigText text = new EximConfigText(config);
    KeyValueLines macros = new KeyValueLines(definitions(text.main()), '=', "");
    List<String> body = new ArrayList<>();
    boolean inside = false;
    Deque<Boolean> taken = new ArrayDeque<>();
    for (String raw : text.section("transports")) {
      String line = raw.strip();
      if (line.startsWith(".ifdef ") || line.startsWith(".ifndef ")) {
        boolean defined = macros.get(line.substring(line.indexOf(' ') + 1).strip()).isPresent();
        taken.push(line.startsWith(".ifdef ") == defined);
      } else if (line.equals(".else") && !taken.isEmpty()) {
        taken.push(!taken.pop());
      } else if (line.equals(".endif") && !taken.isEmpty()) {
        taken.pop();
      } else if (!taken.contains(false)) {
        Matcher d = DRIVER.matcher(raw);
        if (d.matches()) {
          inside = d.group(1).equals(transport);
        } else if (inside) {
          body.add(line);
        }
      }
    }
    return new KeyValueLines(String.join("\n", body), '=', "").get(option).map(String::strip)
        .map(v -> macros.get(v).map(String::strip).orElse(v));
  }

  /** The main section's macro definitions, as NAME = value lines. */
  private static String definitions(String main) {
    StringBuilder b = new StringBuilder();
    for (String line : main.split("\n")) {
      Matcher m = MACRO.matcher(line.strip());
      if (m.matches()) {
        b.append(m.group(1)).append(" = ").append(m.group(2)).append('\n');
      }
    }
    return b.toString();
  }
}
