package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.YamlFile.Entry;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Ansible's YAML inventory: top-level groups (usually just {@code all}), each a mapping of
 * {@code hosts}, {@code children} (groups, nested to any depth) and {@code vars}.
 */
final class YamlInventoryParser {

  private final YamlFile yaml;
  private final InventoryBuilder inventory;

  private YamlInventoryParser(YamlFile yaml, InventoryBuilder inventory) {
    this.yaml = yaml;
    this.inventory = inventory;
  }

  static void parse(YamlFile yaml, InventoryBuilder inventory) throws BadInputException {
    if (yaml.root() == null) {
      return; // an empty file is an empty inventory
    }
    YamlInventoryParser parser = new YamlInventoryParser(yaml, inventory);
    for (Entry group : yaml.entries(yaml.root(),
        "an inventory must be a mapping of group names (e.g. all:)")) {
      if (group.key().equals("plugin")) {
        throw group.origin().error("inventory plugin configurations (plugin:) are not read"
            + " directly: let Ansible run the plugin (ansible-inventory -i FILE --list >"
            + " inventory.json) and give its JSON, or give an inventory script, YAML or INI");
      }
      parser.group(group);
    }
  }

  private void group(Entry group) throws BadInputException {
    String name = group.key();
    inventory.group(name);
    for (Entry section : yaml.entries(group.value(),
        "group '" + name + "' must be a mapping of hosts, children and vars")) {
      switch (section.key()) {
        case "hosts" -> hosts(name, section.value());
        case "children" -> children(name, section.value());
        case "vars" -> inventory.groupVars(name, Variable.all(yaml, section.value(),
            "vars of group '" + name + "' must be a mapping of variable names"));
        default -> throw section.origin().error("unexpected key '" + section.key()
            + "' in group '" + name + "': a group holds only hosts, children and vars");
      }
    }
  }

  private void hosts(String group, Node hosts) throws BadInputException {
    for (Entry entry : yaml.entries(hosts, "hosts of group '" + group
        + "' must be a mapping of host names (e.g. mx1.example.com:)")) {
      HostRange range = HostRange.parse(entry.key(), entry.origin());
      Map<String, Variable> vars = Variable.all(yaml, entry.value(),
          "host '" + entry.key() + "' must map to a mapping of variables");
      inventory.hosts(group, range, vars, entry.origin());
    }
  }

  private void children(String group, Node children) throws BadInputException {
    for (Entry child : yaml.entries(children,
        "children of group '" + group + "' must be a mapping of group names")) {
      group(child);
      inventory.child(group, child.key(), child.origin());
    }
  }
}
