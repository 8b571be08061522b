package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** One variable's value and where it was set. Values are frozen: hosts share group values. */
record Variable(Object value, Origin origin) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  // Ansible's isidentifier() also refuses Python keywords.
  private static final Set<String> KEYWORDS =
      Set.of("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
          "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
          "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
          "return", "try", "while", "with", "yield");

  Variable {
    value = frozen(value);
  }

  static void checkName(String name, Origin at) throws BadInputException {
    if (!IDENTIFIER.matcher(name).matches() || KEYWORDS.contains(name)) {
      throw at.error("'" + name + "' is not a valid variable name (letters, digits and _,"
          + " not starting with a digit, not a Python keyword)");
    }
  }

  private static Object frozen(Object value) {
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(frozen(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, frozen(v)));
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }

  /** A YAML mapping of variable names to values, each name checked and each value located. */
  static Map<String, Variable> all(YamlFile yaml, Node node, String expected)
      throws BadInputException {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (YamlFile.Entry entry : yaml.entries(node, expected)) {
      checkName(entry.key(), entry.origin());
      vars.put(entry.key(), new Variable(yaml.value(entry.value()), entry.origin()));
    }
    return vars;
  }
}
