package dev.mailharden.modules.dovecot;

import dev.mailharden.core.edit.ConfigLines;
import java.util.List;

/**
 * Edits a Dovecot config file in place, top-level {@code key = value} settings only.
 * Setting a key replaces its last top-level definition (keeping the indentation); an absent
 * key goes right after Debian's commented-out example of it ({@code #key = ...}), or else
 * to the end. Sections ({@code name { ... }}), comments and every other line stay as they are.
 */
final class DovecotConf {

  private final ConfigLines file;
  private final List<String> lines;

  DovecotConf(String text) {
    this.file = new ConfigLines(text);
    this.lines = file.lines();
  }

  /** Whether the file defines {@code key} at top level (outside every section). */
  boolean defines(String key) {
    int depth = 0;
    for (String line : lines) {
      String l = line.strip();
      if (depth == 0 && definesKey(l, key)) {
        return true;
      }
      if (!l.startsWith("#")) {
        depth += count(l, '{') - count(l, '}');
      }
    }
    return false;
  }

  void set(String key, String value) {
    String wanted = value.isEmpty() ? key + " =" : key + " = " + value;
    int active = -1;
    int example = -1;
    int depth = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (depth == 0 && definesKey(l, key)) {
        active = i;
      } else if (depth == 0 && l.startsWith("#") && definesKey(l.substring(1).strip(), key)) {
        example = i;
      }
      if (!l.startsWith("#")) {
        depth += count(l, '{') - count(l, '}');
      }
    }
    if (active >= 0) {
      String line = lines.get(active);
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      if (!valueOf(line).equals(value)) {
        lines.set(active, indent + wanted);
      }
    } else if (example >= 0) {
      lines.add(example + 1, wanted);
    } else {
      lines.add(wanted);
    }
  }

  String text() {
    return file.text();
  }

  private static boolean definesKey(String stripped, String key) {
    return stripped.startsWith(key) && stripped.substring(key.length()).stripLeading()
        .startsWith("=") && (stripped.length() == key.length()
        || !Character.isLetterOrDigit(stripped.charAt(key.length()))
            && stripped.charAt(key.length()) != '_');
  }

  private static String valueOf(String line) {
    return line.substring(line.indexOf('=') + 1).strip();
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(ch -> ch == c).count();
  }
}
