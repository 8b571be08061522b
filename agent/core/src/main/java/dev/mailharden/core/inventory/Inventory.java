package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.SourceText;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * An Ansible inventory read as Ansible reads it: one or more sources (YAML, INI, the JSON of
 * an inventory script or of {@code ansible-inventory --list}, or an executable inventory
 * script), merged in order, each with the group_vars/ and host_vars/ beside it.
 */
public final class Inventory {

  /** How long an inventory script may run before it is killed, by default. */
  public static final Duration SCRIPT_DEADLINE = Duration.ofSeconds(60);

  private final List<Path> sources;
  private final Map<String, InventoryHost> hosts = new LinkedHashMap<>();
  private final Set<String> groups;

  Inventory(List<Path> sources, List<InventoryHost> hosts, Set<String> groups) {
    this.sources = List.copyOf(sources);
    hosts.forEach(host -> this.hosts.put(host.name(), host));
    this.groups = Set.copyOf(groups);
  }

  /** One source, no vault password. */
  public static Inventory load(Path file) throws BadInputException {
    return load(List.of(file), Vault.NONE, SCRIPT_DEADLINE);
  }

  /**
   * Reads each source in order into one inventory (a later source adds hosts, groups and
   * variables, as a later -i does in Ansible). Inline {@code !vault} values stay encrypted
   * until used; whole encrypted files are decrypted with {@code vault} as they are read.
   */
  public static Inventory load(List<Path> sources, Vault vault, Duration scriptDeadline)
      throws BadInputException {
    InventoryBuilder builder = new InventoryBuilder(vault);
    for (Path source : sources) {
      read(source, vault, scriptDeadline, builder);
    }
    return builder.build(sources);
  }

  /**
   * An executable file is an inventory script (unless its name says YAML, JSON or INI); a
   * file of the script's JSON shape (ansible-inventory --list) is read as its output. Otherwise
   * YAML when it ends in .yml, .yaml or .json, INI when it ends in .ini; else YAML if it reads
   * as a YAML mapping, else INI (Ansible tries its yaml plugin first, then ini).
   */
  private static void read(Path file, Vault vault, Duration scriptDeadline,
      InventoryBuilder builder) throws BadInputException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file, 0, Files.isDirectory(file)
          ? "is a directory; name the inventory file itself"
          : "no such inventory file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean named = name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json");
    if (!named && !name.endsWith(".ini") && Files.isExecutable(file)) {
      ScriptInventory.read(file, vault, scriptDeadline, builder);
      return;
    }
    String text = SourceText.read(file);
    if (Vault.isEncrypted(text)) {
      text = vault.decrypt(text, new Origin(file, 1)); // a whole encrypted inventory, any format
    }
    if (named) {
      parseYaml(YamlFile.parse(file, text, vault), builder);
    } else if (name.endsWith(".ini")) {
      IniInventoryParser.parse(file, text, builder);
    } else {
      Optional<YamlFile> yaml = asYamlMapping(file, text, vault);
      if (yaml.isPresent()) {
        parseYaml(yaml.get(), builder);
      } else {
        IniInventoryParser.parse(file, text, builder);
      }
    }
  }

  private static void parseYaml(YamlFile yaml, InventoryBuilder builder)
      throws BadInputException {
    if (ScriptInventory.isListOutput(yaml)) {
      ScriptInventory.parse(yaml, builder);
    } else {
      YamlInventoryParser.parse(yaml, builder);
    }
  }

  private static Optional<YamlFile> asYamlMapping(Path file, String text, Vault vault) {
    try {
      YamlFile yaml = YamlFile.parse(file, text, vault);
      return yaml.root() instanceof MappingNode ? Optional.of(yaml) : Optional.empty();
    } catch (BadInputException notYaml) {
      return Optional.empty();
    }
  }

  /** The sources as given, in the order they were read. */
  public List<Path> sources() {
    return sources;
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
      throw new BadInputException("--limit '" + limit + "'", "matches no host in "
          + sources.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }
    return selected;
  }
}
