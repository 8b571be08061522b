package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.SourceText;
import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * An Ansible inventory file (YAML or INI) with the group_vars/ and host_vars/ beside it, read
 * as Ansible reads it.
 */
public final class Inventory {

  private final Path file;
  private final Map<String, InventoryHost> hosts = new LinkedHashMap<>();
  private final Set<String> groups;

  Inventory(Path file, List<InventoryHost> hosts, Set<String> groups) {
    this.file = file;
    hosts.forEach(host -> this.hosts.put(host.name(), host));
    this.groups = Set.copyOf(groups);
  }

  /**
   * Reads {@code file}: YAML when it ends in .yml, .yaml or .json, INI when it ends in .ini;
   * otherwise YAML if it reads as a YAML mapping, else INI (Ansible tries its yaml plugin
   * first, then ini).
   */
  public static Inventory load(Path file) throws BadInputException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file, 0, Files.isDirectory(file)
          ? "is a directory; name the inventory file itself"
          : "no such inventory file");
    }
    String text = SourceText.read(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    InventoryBuilder builder = new InventoryBuilder(file);
    if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json")) {
      YamlInventoryParser.parse(YamlFile.parse(file, text), builder);
    } else if (name.endsWith(".ini")) {
      IniInventoryParser.parse(file, text, builder);
    } else {
      Optional<YamlFile> yaml = asYamlMapping(file, text);
      if (yaml.isPresent()) {
        YamlInventoryParser.parse(yaml.get(), builder);
      } else {
        IniInventoryParser.parse(file, text, builder);
      }
    }
    return builder.build();
  }

  private static Optional<YamlFile> asYamlMapping(Path file, String text) {
    try {
      YamlFile yaml = YamlFile.parse(file, text);
      return yaml.root() instanceof MappingNode ? Optional.of(yaml) : Optional.empty();
    } catch (BadInputException notYaml) {
      return Optional.empty();
    }
  }

  public Path file() {
    return file;
  }

  /** Every host, in the order the inventory first names them. */
  public List<InventoryHost> hosts() {
    return List.copyOf(hosts.values());
  }

  public Optional<InventoryHost> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  /** Every group name, including the implicit all and ungrouped. */
  public Set<String> groups() {
    return groups;
  }

  /**
   * The hosts an Ansible {@code --limit} selects (see {@link HostPattern}), in inventory order.
   * A limit that selects no host is an error: it is almost always a typo.
   */
  public List<InventoryHost> select(String limit) throws BadInputException {
    List<InventoryHost> selected = HostPattern.parse(limit).select(this);
    if (selected.isEmpty()) {
      throw new BadInputException("--limit '" + limit + "'", "matches no host in " + file);
    }
    return selected;
  }
}
