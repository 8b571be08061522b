package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory: {@code [group]} sections of host lines ({@code name key=value...}),
 * {@code [group:vars]} of {@code key=value} lines, {@code [group:children]} of group names.
 * Lines before the first section are hosts of ungrouped; {@code #} and {@code ;} start comments.
 */
final class IniInventoryParser {

  // Ansible's own patterns: a group name is anything but whitespace, ':' and ']'.
  private static final Pattern SECTION =
      Pattern.compile("\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?");
  private static final Pattern GROUP_NAME = Pattern.compile("([^:\\]\\s]+)\\s*(?:#.*)?");

  private enum Kind { HOSTS, VARS, CHILDREN }

  /**
   * A group referred to before any [group] or [group:children] declares it. Ansible allows
   * that, but it is an error if the declaration never comes (a typo, most likely).
   */
  private record Pending(Kind kind, Origin at, Map<String, Origin> parents) {}

  private final InventoryBuilder inventory;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private String group = "ungrouped";
  private Kind kind = Kind.HOSTS;

  private IniInventoryParser(InventoryBuilder inventory) {
    this.inventory = inventory;
  }

  static void parse(Path file, String text, InventoryBuilder inventory)
      throws BadInputException {
    IniInventoryParser parser = new IniInventoryParser(inventory);
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      parser.line(lines[i].strip(), new Origin(file, i + 1));
    }
    parser.checkPending();
  }

  private void line(String line, Origin at) throws BadInputException {
    if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
      return;
    }
    Matcher section = SECTION.matcher(line);
    if (section.matches()) {
      section(section.group(1), section.group(2), at);
    } else if (line.startsWith("[") && line.endsWith("]")) {
      throw at.error("invalid section header " + line
          + ": a group name may not hold spaces, ':' or ']'");
    } else {
      switch (kind) {
        case HOSTS -> hostLine(line, at);
        case VARS -> varLine(line, at);
        case CHILDREN -> childLine(line, at);
      }
    }
  }

  private void section(String name, String type, Origin at) throws BadInputException {
    group = name;
    kind = switch (type == null ? "hosts" : type) {
      case "hosts" -> Kind.HOSTS;
      case "vars" -> Kind.VARS;
      case "children" -> Kind.CHILDREN;
      default -> throw at.error("section [" + name + ":" + type + "] has unknown type '" + type
          + "' (expected vars or children)");
    };
    if (!inventory.hasGroup(name) && kind == Kind.VARS) {
      pending.putIfAbsent(name, new Pending(Kind.VARS, at, Map.of()));
    }
    inventory.group(name);
    Pending awaited = pending.get(name);
    if (awaited != null && kind != Kind.VARS) {
      pending.remove(name);
      for (Map.Entry<String, Origin> parent : awaited.parents().entrySet()) {
        inventory.child(parent.getKey(), name, parent.getValue());
      }
    }
  }

  private void hostLine(String line, Origin at) throws BadInputException {
    List<String> words = ShellWords.split(line, at);
    if (words.isEmpty()) {
      return;
    }
    Map<String, Variable> vars = new LinkedHashMap<>();
    String key = null;
    for (String word : words.subList(1, words.size())) {
      int eq = word.indexOf('=');
      // Not shown: it may be the rest of a password with a space in it.
      if (eq < 0) {
        throw at.error("expected key=value after the host name, got a word without '='"
            + (key == null ? "" : " after the value of " + key)
            + " (quote a value that holds spaces)");
      }
      key = word.substring(0, eq);
      vars.put(variableName(word.substring(0, eq), at),
          new Variable(PythonLiteral.parse(word.substring(eq + 1)), at));
    }
    inventory.hosts(group, HostRange.parse(words.get(0), at), vars, at);
  }

  private void varLine(String line, Origin at) throws BadInputException {
    int eq = line.indexOf('=');
    if (eq < 0) {
      throw at.error("expected key=value in [" + group + ":vars], got a line without '='");
    }
    String name = variableName(line.substring(0, eq).strip(), at);
    Object value = PythonLiteral.parse(line.substring(eq + 1).strip());
    inventory.groupVars(group, Map.of(name, new Variable(value, at)));
  }

  private void childLine(String line, Origin at) throws BadInputException {
    Matcher m = GROUP_NAME.matcher(line);
    if (!m.matches()) {
      throw at.error("expected a group name in [" + group + ":children], got '" + line + "'");
    }
    String child = m.group(1);
    if (inventory.hasGroup(child)) {
      inventory.child(group, child, at);
    } else {
      pending.computeIfAbsent(child, c -> new Pending(Kind.CHILDREN, at, new LinkedHashMap<>()))
          .parents().putIfAbsent(group, at);
    }
  }

  private static String variableName(String name, Origin at) throws BadInputException {
    Variable.checkName(name, at);
    return name;
  }

  private void checkPending() throws BadInputException {
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      String name = entry.getKey();
      Pending p = entry.getValue();
      if (p.kind() == Kind.VARS) {
        throw p.at().error("section [" + name + ":vars] is for a group no section declares: add ["
            + name + "] or [" + name + ":children]");
      }
      List<String> parents = new ArrayList<>(p.parents().keySet());
      throw p.at().error("[" + parents.get(parents.size() - 1) + ":children] names group '"
          + name + "', which no section declares: add [" + name + "]");
    }
  }
}
