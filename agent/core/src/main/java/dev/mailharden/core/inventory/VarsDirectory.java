package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.yaml.YamlFile;
import dev.mailharden.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} directories beside an inventory file, found
 * as Ansible's host_group_vars plugin finds them: for a name, the first of {@code name} (a
 * file, or a directory read recursively in sorted order), {@code name.yml},
 * {@code name.yaml}, {@code name.json}.
 */
final class VarsDirectory {

  private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");
  private static final Set<String> VARS_FILE_EXTENSIONS = Set.of(".yml", ".yaml", ".json");

  private final Path groupVars;
  private final Path hostVars;
  private final Vault vault;
  /** A group's files are read once, not once per host. */
  private final Map<String, Map<String, Variable>> groupCache = new HashMap<>();

  VarsDirectory(Path inventoryDir, Vault vault) {
    groupVars = inventoryDir.resolve("group_vars");
    hostVars = inventoryDir.resolve("host_vars");
    this.vault = vault;
  }

  Map<String, Variable> group(String name) throws BadInputException {
    Map<String, Variable> vars = groupCache.get(name);
    if (vars == null) {
      vars = load(groupVars, name);
      groupCache.put(name, vars);
    }
    return vars;
  }

  Map<String, Variable> host(String name) throws BadInputException {
    return load(hostVars, name);
  }

  /** Later files win, as Ansible combines them in the order it finds them. */
  private Map<String, Variable> load(Path base, String name) throws BadInputException {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (Path file : find(base, name)) {
      YamlFile yaml = YamlFile.read(file, vault);
      if (yaml.root() != null) {
        vars.putAll(Variable.all(yaml, yaml.root(), "a vars file must be a mapping of variable names"));
      }
    }
    return vars;
  }

  private static List<Path> find(Path base, String name) throws BadInputException {
    for (String extension : EXTENSIONS) {
      Path path = base.resolve(name + extension);
      if (Files.isDirectory(path)) {
        return directory(path);
      }
      if (Files.isRegularFile(path)) {
        return List.of(path);
      }
    }
    return List.of();
  }

  private static List<Path> directory(Path dir) throws BadInputException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      throw new BadInputException(dir, 0, "cannot list: " + e.getMessage());
    }
    List<Path> files = new ArrayList<>();
    for (Path entry : entries) {
      String fileName = entry.getFileName().toString();
      if (fileName.startsWith(".") || fileName.endsWith("~")) {
        continue; // hidden files and editor backups
      }
      int dot = fileName.lastIndexOf('.');
      String extension = dot < 0 ? "" : fileName.substring(dot);
      if (Files.isDirectory(entry) && extension.isEmpty()) {
        files.addAll(directory(entry));
      } else if (Files.isRegularFile(entry)
          && (extension.isEmpty() || VARS_FILE_EXTENSIONS.contains(extension))) {
        files.add(entry);
      }
    }
    return files;
  }
}
