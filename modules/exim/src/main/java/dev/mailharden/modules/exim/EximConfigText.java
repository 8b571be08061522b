package dev.mailharden.modules.exim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Exim configuration text cut at its {@code begin SECTION} lines, so that main options are
 * edited only in the main section and authenticators only in theirs; pasting the parts back
 * gives the original bytes when nothing was edited.
 */
final class EximConfigText {

  private static final Pattern BEGIN = Pattern.compile("(?m)^[ \\t]*begin[ \\t]+(\\w+)[ \\t]*$");

  private final String text;

  EximConfigText(String text) {
    this.text = text;
  }

  /** Everything before the first {@code begin} line. */
  String main() {
    Matcher m = BEGIN.matcher(text);
    return m.find() ? text.substring(0, m.start()) : text;
  }

  /** The text with its main section replaced. */
  String withMain(String main) {
    return main + text.substring(main().length());
  }

  /** The lines of section {@code name} (after its begin line), empty if absent. */
  List<String> section(String name) {
    int[] range = range(name);
    return range == null ? List.of()
        : new ArrayList<>(List.of(text.substring(range[0], range[1]).split("\n", -1)));
  }

  /** The text with section {@code name}'s lines replaced. */
  String withSection(String name, List<String> lines) {
    int[] range = range(name);
    return range == null ? text
        : text.substring(0, range[0]) + String.join("\n", lines) + text.substring(range[1]);
  }

  /** From just after the begin line's newline to just before the next begin line's newline. */
  private int[] range(String name) {
    Matcher m = BEGIN.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        int from = Math.min(m.end() + 1, text.length());
        int to = m.find() ? m.start() - 1 : text.length();
        return new int[] {from, Math.max(from, to)};
      }
    }
    return null;
  }
}
