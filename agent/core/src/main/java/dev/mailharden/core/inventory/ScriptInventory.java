package dev.mailharden.core.inventory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.yaml.VaultValue;
import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.yaml.YamlFile.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Ansible's inventory script contract: {@code SCRIPT --list} prints a JSON object of groups
 * (each a list of hosts, or {@code hosts}, {@code vars}, {@code children}) and, optionally,
 * {@code _meta.hostvars}; without it, {@code SCRIPT --host NAME} prints each host's
 * variables. {@code ansible-inventory --list} prints the same shape, so its output (saved to
 * a file) reads the same way, and so does any inventory plugin through it.
 */
final class ScriptInventory {

  private static final String META = "_meta";
  private static final String PLUGIN = "plugin";
  /** How Ansible's JSON writes a !vault value. */
  private static final String VAULT_KEY = "__ansible_vault";
  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Asks the script for one host's variables (--host), when --list gave no _meta.hostvars. */
  private interface HostQuery {
    YamlFile vars(String host) throws BadInputException;
  }

  private final YamlFile yaml;
  private final InventoryBuilder inventory;

  private ScriptInventory(YamlFile yaml, InventoryBuilder inventory) {
    this.yaml = yaml;
    this.inventory = inventory;
  }

  /** Runs {@code script --list} (and --host per host when needed) within {@code deadline}. */
  static void read(Path script, Vault vault, Duration deadline, InventoryBuilder inventory)
      throws BadInputException {
    YamlFile list = json(script, List.of("--list"), vault, deadline);
    parse(list, inventory, host -> json(script, List.of("--host", host), vault, deadline));
  }

  /** Whether a YAML/JSON inventory file has this shape rather than the yaml plugin's. */
  static boolean isListOutput(YamlFile yaml) throws BadInputException {
    if (!(yaml.root() instanceof MappingNode)) {
      return false;
    }
    List<Entry> groups = yaml.entries(yaml.root(), "");
    if (groups.stream().anyMatch(group -> group.key().equals(PLUGIN))) {
      return false; // a plugin configuration: the yaml parser says what to do with it
    }
    for (Entry group : groups) {
      if (group.key().equals(META) || group.value() instanceof SequenceNode) {
        return true;
      }
      if (group.value() instanceof MappingNode) {
        for (Entry section : yaml.entries(group.value(), "")) {
          if (!section.key().equals("vars") && section.value() instanceof SequenceNode) {
            return true; // hosts or children as lists
          }
        }
      }
    }
    return false;
  }

  /** The groups and hosts of a --list output (a file's, without a script to ask --host). */
  static void parse(YamlFile list, InventoryBuilder inventory) throws BadInputException {
    parse(list, inventory, null);
  }

  private static void parse(YamlFile list, InventoryBuilder inventory, HostQuery query)
      throws BadInputException {
    ScriptInventory parser = new ScriptInventory(list, inventory);
    Set<String> hosts = new LinkedHashSet<>();
    Node hostvars = null;
    for (Entry group : list.entries(list.root(),
        "an inventory script must print a JSON object of groups")) {
      if (group.key().equals(META)) {
        for (Entry meta : list.entries(group.value(), "_meta must be an object")) {
          if (meta.key().equals("hostvars")) {
            hostvars = meta.value();
          }
        }
      } else {
        parser.group(group, hosts);
      }
    }
    if (hostvars != null) {
      Map<String, Entry> byHost = new LinkedHashMap<>();
      for (Entry host : list.entries(hostvars, "_meta.hostvars must map host names to"
          + " objects of variables")) {
        byHost.put(host.key(), host);
      }
      for (String host : hosts) {
        Entry vars = byHost.get(host);
        if (vars != null) {
          inventory.hostVars(host, parser.vars(list, vars.value(),
              "_meta.hostvars of host '" + host + "' must be an object of variables"));
        }
      }
    } else if (query != null) {
      for (String host : hosts) {
        YamlFile vars = query.vars(host);
        inventory.hostVars(host, parser.vars(vars, vars.root(),
            "--host " + host + " must print an object of variables"));
      }
    }
  }

  /** As Ansible's script plugin: a list is hosts; a mapping without the keys is one host. */
  private void group(Entry group, Set<String> hosts) throws BadInputException {
    String name = group.key();
    inventory.group(name);
    Node value = group.value();
    if (value instanceof SequenceNode) {
      hostList(name, value, hosts);
      return;
    }
    List<Entry> sections = yaml.entries(value, "group '" + name
        + "' must be a list of hosts or an object of hosts, vars and children");
    if (sections.stream().noneMatch(s -> Set.of("hosts", "vars", "children").contains(s.key()))) {
      hosts.add(name);
      inventory.host(name, name, vars(yaml, value, ""), group.origin());
      return;
    }
    for (Entry section : sections) {
      switch (section.key()) {
        case "hosts" -> hostList(name, section.value(), hosts);
        case "vars" -> inventory.groupVars(name, vars(yaml, section.value(),
            "vars of group '" + name + "' must be an object of variables"));
        case "children" -> {
          for (String child : names(section.value(), "children of group '" + name + "'")) {
            inventory.group(child);
            inventory.child(name, child, section.origin());
          }
        }
        default -> { } // Ansible ignores other keys
      }
    }
  }

  private void hostList(String group, Node list, Set<String> hosts) throws BadInputException {
    for (String host : names(list, "hosts of group '" + group + "'")) {
      hosts.add(host);
      inventory.host(group, host, Map.of(), yaml.origin(list));
    }
  }

  private List<String> names(Node list, String what) throws BadInputException {
    if (!(list instanceof SequenceNode sequence)) {
      throw yaml.origin(list).error(what + " must be a list of names, found "
          + YamlFile.describe(list));
    }
    List<String> names = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      if (!(item instanceof ScalarNode scalar) || YamlFile.isNull(item)) {
        throw yaml.origin(item).error(what + " must be a list of names, found "
            + YamlFile.describe(item));
      }
      names.add(scalar.getValue());
    }
    return names;
  }

  /** Variables, with Ansible's JSON form of a vault value turned back into one. */
  private Map<String, Variable> vars(YamlFile file, Node node, String expected)
      throws BadInputException {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (Map.Entry<String, Variable> var : Variable.all(file, node, expected).entrySet()) {
      Origin at = var.getValue().origin();
      vars.put(var.getKey(), new Variable(unvault(var.getValue().value(), at), at));
    }
    return vars;
  }

  private Object unvault(Object value, Origin at) {
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get(VAULT_KEY) instanceof String envelope) {
        return new VaultValue(envelope, at, inventory.vault());
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, unvault(v, at)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> unvault(v, at)).toList();
    }
    return value;
  }

  /** Runs the script and reads what it prints, which must be strict JSON. */
  private static YamlFile json(Path script, List<String> args, Vault vault, Duration deadline)
      throws BadInputException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(args);
    ExternalProgram.Output output = ExternalProgram.run(command, deadline);
    String text = new String(output.stdout(), StandardCharsets.UTF_8);
    Path shown = Path.of(String.join(" ", command));
    if (text.isBlank() && args.get(0).equals("--host")) {
      return YamlFile.parse(shown, "{}", vault); // Ansible takes no output as no variables
    }
    try {
      STRICT_JSON.readTree(text);
    } catch (JacksonException e) {
      throw new BadInputException(shown, 0, "printed no valid JSON ("
          + e.getOriginalMessage() + ")" + output.stderrNote());
    }
    // Read again as YAML nodes (JSON is YAML) so that errors can name the output's lines.
    return YamlFile.parse(shown, text, vault);
  }
}
