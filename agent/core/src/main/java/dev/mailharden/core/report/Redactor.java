package dev.mailharden.core.report;

import dev.mailharden.core.module.ModuleResources;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Hides secrets in text that leaves the host (diffs, reports, the run journal): the value of
 * every setting named in {@code mailharden/core/secrets.yaml} and the body of every PEM
 * private key block. Works line by line, on plain text and on unified diffs alike.
 */
public final class Redactor {

  public static final String REDACTED = "<redacted>";

  /** Optional diff mark and indentation, the name, its separator, the value. */
  private static final Pattern SETTING = Pattern.compile(
      "^([+\\- ]?\\s*)([A-Za-z0-9_.\\-]+)(\\s*[=:]\\s*)(\\S.*)$");
  private static final Pattern INLINE = Pattern.compile(
      "([A-Za-z0-9_.\\-]+)(\\s*[=:]\\s*)");
  private static final Pattern VALUE = Pattern.compile("[^\\s,;]+");
  private static final Pattern KEY_BEGIN = Pattern.compile(
      "^[+\\- ]?\\s*-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\\s*$");
  private static final Pattern KEY_END = Pattern.compile("^[+\\- ]?\\s*-----END [A-Z0-9 ]*-----");
  private static final Pattern SECRET_NAMES = secretNames();

  private Redactor() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean inKey = false;
    boolean shown = false;
    for (String line : text.split("(?<=\n)", -1)) {
      String bare = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      String end = line.substring(bare.length());
      if (inKey && !KEY_END.matcher(bare).find()) {
        if (!shown) {
          out.append(bare.isEmpty() ? "" : bare.substring(0, diffMark(bare))).append(REDACTED)
              .append('\n');
          shown = true;
        }
        continue;
      }
      inKey = !inKey && KEY_BEGIN.matcher(bare).matches();
      shown = false;
      Matcher m = SETTING.matcher(bare);
      if (!inKey && m.matches() && SECRET_NAMES.matcher(m.group(2)).matches()) {
        out.append(m.group(1)).append(m.group(2)).append(m.group(3)).append(REDACTED)
            .append(end);
      } else {
        out.append(inline(line));
      }
    }
    return out.toString();
  }

  /** A secret setting inside a message ("check failed: x_password = v"): its next word. */
  private static String inline(String line) {
    Matcher m = INLINE.matcher(line);
    StringBuilder b = new StringBuilder();
    int at = 0;
    while (m.find(at)) {
      if (SECRET_NAMES.matcher(m.group(1)).matches()) {
        Matcher value = VALUE.matcher(line).region(m.end(), line.length());
        int end = value.lookingAt() ? value.end() : m.end();
        b.append(line, at, m.end()).append(REDACTED);
        at = end;
      } else {
        b.append(line, at, m.end());
        at = m.end();
      }
    }
    return b.append(line.substring(at)).toString();
  }

  /** 1 when the line carries a diff's mark (+, - or space) before the key text. */
  private static int diffMark(String line) {
    return "+- ".indexOf(line.charAt(0)) >= 0 && !line.startsWith("-----") ? 1 : 0;
  }

  private static Pattern secretNames() {
    List<String> names = new Yaml().<java.util.Map<String, List<String>>>load(
        ModuleResources.text(Redactor.class, "core", "secrets.yaml")).get("setting_names");
    return Pattern.compile(String.join("|", names), Pattern.CASE_INSENSITIVE);
  }
}
