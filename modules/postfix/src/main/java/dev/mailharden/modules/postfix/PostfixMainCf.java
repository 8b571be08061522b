package dev.mailharden.modules.postfix;

import dev.mailharden.core.edit.ConfigLines;
import java.util.List;
import java.util.Optional;

/**
 * Edits Postfix's main.cf in place. A parameter is a logical line: {@code name = value} at
 * column 0 plus continuation lines that start with white space. Setting a parameter replaces
 * its last definition (the one Postfix uses) and keeps every other byte: comments, order,
 * blank lines, unrelated parameters. New parameters go to the end, after one header comment.
 */
final class PostfixMainCf {

  private final ConfigLines file;
  private final List<String> lines;
  private final String header;
  private boolean headerWritten;

  PostfixMainCf(String text, String header) {
    this.file = new ConfigLines(text);
    this.lines = file.lines();
    this.header = header;
    this.headerWritten = lines.contains(header);
  }

  /** The value Postfix reads for {@code name} from this file, if it is set here. */
  Optional<String> get(String name) {
    int at = lastDefinition(name);
    if (at < 0) {
      return Optional.empty();
    }
    StringBuilder v = new StringBuilder(valueOf(lines.get(at)));
    for (int i = at + 1; i < end(at); i++) {
      v.append(' ').append(lines.get(i).strip());
    }
    return Optional.of(v.toString().strip());
  }

  /** Sets {@code name}; a value equal up to white space is left as the admin wrote it. */
  void set(String name, String value) {
    if (get(name).map(v -> normalized(v).equals(normalized(value))).orElse(false)) {
      return;
    }
    String line = value.isEmpty() ? name + " =" : name + " = " + value;
    int at = lastDefinition(name);
    if (at >= 0) {
      int end = end(at);
      lines.subList(at, end).clear();
      lines.add(at, line);
      return;
    }
    if (!headerWritten) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
        lines.add("");
      }
      lines.add(header);
      headerWritten = true;
    }
    lines.add(line);
  }

  String text() {
    return file.text();
  }

  private int lastDefinition(String name) {
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith(name) && l.substring(name.length()).stripLeading().startsWith("=")
          && (l.length() == name.length() || !isNameChar(l.charAt(name.length())))) {
        found = i;
      }
    }
    return found;
  }

  /** One past the last continuation line of the logical line starting at {@code at}. */
  private int end(int at) {
    int i = at + 1;
    while (i < lines.size() && !lines.get(i).isBlank()
        && Character.isWhitespace(lines.get(i).charAt(0))
        && !lines.get(i).stripLeading().startsWith("#")) {
      i++;
    }
    return i;
  }

  private static String valueOf(String line) {
    return line.substring(line.indexOf('=') + 1).strip();
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static String normalized(String v) {
    return v.strip().replaceAll("\\s+", " ");
  }
}
