package dev.mailharden.core.edit;

import java.util.List;
import java.util.Optional;

/**
 * Edits a {@code key SEP value} config file in place, one setting per logical line: Exim's
 * macros and main options ({@code NAME = value}, a trailing backslash continues the line)
 * and Cyrus' imapd.conf ({@code key: value}). Setting a key replaces its last definition
 * (the one the product uses) keeping its indentation; an absent key goes right after the
 * product's commented-out example of it ({@code #key: ...}), else to the end after one header
 * comment. Every other line stays byte for byte, and so does a value equal up to white space.
 */
public final class KeyValueLines {

  private final ConfigLines file;
  private final List<String> lines;
  private final char separator;
  private final String header;

  /** {@code header} is the comment written once above settings appended at the end. */
  public KeyValueLines(String text, char separator, String header) {
    this.file = new ConfigLines(text);
    this.lines = file.lines();
    this.separator = separator;
    this.header = header;
  }

  /** The value of the last definition of {@code key}, continuation lines joined. */
  public Optional<String> get(String key) {
    int at = lastDefinition(key);
    if (at < 0) {
      return Optional.empty();
    }
    StringBuilder v = new StringBuilder();
    for (int i = at; i < end(at); i++) {
      String l = i == at ? valueOf(lines.get(i)) : lines.get(i).strip();
      v.append(l.endsWith("\\") ? l.substring(0, l.length() - 1) : l);
    }
    return Optional.of(v.toString().strip());
  }

  public void set(String key, String value) {
    if (get(key).map(v -> normalized(v).equals(normalized(value))).orElse(false)) {
      return;
    }
    String line = value.isEmpty() ? key + (separator == ':' ? ":" : " =")
        : key + (separator == ':' ? ": " : " = ") + value;
    int at = lastDefinition(key);
    if (at >= 0) {
      String old = lines.get(at);
      lines.subList(at, end(at)).clear();
      lines.add(at, old.substring(0, old.length() - old.stripLeading().length()) + line);
      return;
    }
    int example = lastExample(key);
    if (example >= 0) {
      lines.add(example + 1, line);
      return;
    }
    if (!lines.contains(header)) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
        lines.add("");
      }
      lines.add(header);
    }
    lines.add(line);
  }

  /** Removes every definition of {@code key} (with its continuation lines). */
  public void remove(String key) {
    for (int at = lastDefinition(key); at >= 0; at = lastDefinition(key)) {
      lines.subList(at, end(at)).clear();
    }
  }

  public String text() {
    return file.text();
  }

  /**
   * The last unconditional definition. One inside an Exim {@code .ifdef}/{@code .endif} block
   * may be inactive, so it is not replaced: the new unconditional line then either is the only
   * one Exim reads, or Exim's own check fails on the option being set twice. Never silent.
   */
  private int lastDefinition(String key) {
    int found = -1;
    int depth = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith(".if")) {
        depth++;
      } else if (l.startsWith(".endif")) {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && defines(l, key) && !continued(i)) {
        found = i;
      }
    }
    return found;
  }

  private int lastExample(String key) {
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("#") && defines(l.substring(1).strip(), key)) {
        found = i;
      }
    }
    return found;
  }

  /** Whether line {@code i} is the continuation of the line before it. */
  private boolean continued(int i) {
    return i > 0 && lines.get(i - 1).endsWith("\\") && !lines.get(i - 1).strip().startsWith("#");
  }

  private boolean defines(String stripped, String key) {
    if (!stripped.startsWith(key)) {
      return false;
    }
    String rest = stripped.substring(key.length());
    return rest.stripLeading().startsWith(String.valueOf(separator))
        && (rest.isEmpty() || !isKeyChar(rest.charAt(0)));
  }

  /** One past the last continuation line of the setting at {@code at}. */
  private int end(int at) {
    int i = at + 1;
    while (i < lines.size() && lines.get(i - 1).endsWith("\\")) {
      i++;
    }
    return i;
  }

  private String valueOf(String line) {
    return line.substring(line.indexOf(separator) + 1).strip();
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private static String normalized(String v) {
    return v.strip().replaceAll("\\s+", " ");
  }
}
