package dev.mailharden.modules.postfix;

import dev.mailharden.core.edit.ConfigLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edits Postfix's master.cf in place. A service entry is a line at column 0
 * ({@code name type private unpriv chroot wakeup maxproc command}) plus indented
 * continuation lines, where {@code -o key=value} overrides live. Only the overrides the
 * profile owns are changed; the admin's other options, fields and comments stay.
 */
final class PostfixMasterCf {

  private final ConfigLines file;
  private final List<String> lines;

  PostfixMasterCf(String text) {
    this.file = new ConfigLines(text);
    this.lines = file.lines();
  }

  /**
   * Makes service {@code name}/{@code type} active with the given {@code -o} overrides.
   * An absent service is written as {@code fields} right after Debian's commented-out
   * template of it (or at the end), so it reads where an admin would look for it.
   */
  void ensureService(String name, String type, String fields, Map<String, String> options) {
    int at = find(name, type);
    if (at < 0) {
      List<String> entry = new ArrayList<>();
      entry.add(name + " " + type + " " + fields);
      options.forEach((k, v) -> entry.add("  -o " + k + "=" + v));
      int insert = afterCommentedTemplate(name, type);
      lines.addAll(insert, entry);
      return;
    }
    for (Map.Entry<String, String> o : options.entrySet()) {
      setOption(at, o.getKey(), o.getValue());
    }
  }

  private void setOption(int entry, String key, String value) {
    int end = end(entry);
    for (int i = entry + 1; i < end; i++) {
      String l = lines.get(i);
      String opt = l.strip();
      if (opt.startsWith("-o " + key + "=") || opt.startsWith("-o " + key + " =")) {
        String wanted = l.substring(0, l.indexOf("-o")) + "-o " + key + "=" + value;
        if (!opt.replace(" =", "=").equals("-o " + key + "=" + value)) {
          lines.set(i, wanted);
        }
        return;
      }
    }
    lines.add(end, "  -o " + key + "=" + value);
  }

  private int find(String name, String type) {
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\\s+");
      if (!lines.get(i).startsWith("#") && f.length >= 2 && f[0].equals(name)
          && f[1].equals(type)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Just past Debian's "#submission inet n ..." block: its "#  -o" lines and the indented
   * comments among them (two or more spaces after '#'), or the end of the file.
   */
  private int afterCommentedTemplate(String name, String type) {
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).substring(lines.get(i).startsWith("#") ? 1 : 0).split("\\s+");
      if (lines.get(i).startsWith("#") && f.length >= 2 && f[0].equals(name)
          && f[1].equals(type)) {
        int j = i + 1;
        while (j < lines.size() && lines.get(j).matches("#\\s{2,}\\S.*")) {
          j++;
        }
        return j;
      }
    }
    return lines.size();
  }

  private int end(int at) {
    int i = at + 1;
    while (i < lines.size() && !lines.get(i).isEmpty()
        && Character.isWhitespace(lines.get(i).charAt(0))) {
      i++;
    }
    return i;
  }

  String text() {
    return file.text();
  }
}
