package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words as Python's {@code shlex.split(line, comments=True)} does, which is
 * how Ansible reads an INI host line: POSIX quoting, and an unquoted {@code #} ends the line
 * even in the middle of a word.
 */
final class ShellWords {

  private static final String WHITESPACE = " \t\r\n";

  private ShellWords() {}

  static List<String> split(String line, Origin at) throws BadInputException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (WHITESPACE.indexOf(c) >= 0) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      if (c == '#') {
        break;
      }
      inWord = true;
      if (c == '\'') {
        int end = line.indexOf('\'', i);
        if (end < 0) {
          throw unclosed(word, at);
        }
        word.append(line, i, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i, word, at);
      } else if (c == '\\') {
        if (i >= line.length()) {
          throw at.error("no escaped character after \\ at the end of the line");
        }
        word.append(line.charAt(i++));
      } else {
        word.append(c);
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Inside double quotes a backslash escapes only {@code "} and itself. */
  private static int doubleQuoted(String line, int i, StringBuilder word, Origin at)
      throws BadInputException {
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i < line.length() && (line.charAt(i) == '"' || line.charAt(i) == '\\')) {
        c = line.charAt(i++);
      }
      word.append(c);
    }
    throw unclosed(word, at);
  }

  /**
   * Names the word by its key (what precedes '='), never by its value: the line may hold a
   * password.
   */
  private static BadInputException unclosed(CharSequence word, Origin at) {
    String w = word.toString();
    int eq = w.indexOf('=');
    return at.error("no closing quotation" + (eq >= 0 ? " in the value of '"
        + w.substring(0, eq + 1) + "'" : w.isEmpty() ? "" : " in the word after '" + w + "'"));
  }
}
