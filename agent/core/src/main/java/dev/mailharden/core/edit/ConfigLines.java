package dev.mailharden.core.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A config file as an editable list of lines that renders back byte for byte: what every
 * in-place editor works on. Whether the file ended with a newline is kept.
 */
public final class ConfigLines {

  private final List<String> lines;
  private final boolean endsWithNewline;

  public ConfigLines(String text) {
    this.endsWithNewline = text.isEmpty() || text.endsWith("\n");
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    this.lines = new ArrayList<>(body.isEmpty() ? List.of() : List.of(body.split("\n", -1)));
  }

  /** The lines, to read and edit in place. */
  public List<String> lines() {
    return lines;
  }

  public String text() {
    String body = String.join("\n", lines);
    return endsWithNewline && !lines.isEmpty() ? body + "\n" : body;
  }
}
