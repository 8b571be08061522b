package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups, hosts and variables as the YAML and INI parsers declare them; {@link #build} then
 * checks the group graph and merges each host's variables as Ansible does.
 */
final class InventoryBuilder {

  private static final String ALL = "all";
  private static final String UNGROUPED = "ungrouped";
  private static final String PRIORITY = "ansible_group_priority";

  private static final class Group {
    /** Child name to where the child was declared, for cycle errors. */
    final Map<String, Origin> children = new LinkedHashMap<>();
    final Map<String, Variable> vars = new LinkedHashMap<>();
  }

  private static final class Host {
    final Origin definedAt;
    final Set<String> directGroups = new LinkedHashSet<>();
    final Map<String, Variable> vars = new LinkedHashMap<>();

    Host(Origin definedAt) {
      this.definedAt = definedAt;
    }
  }

  private final Vault vault;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Host> hosts = new LinkedHashMap<>();

  InventoryBuilder(Vault vault) {
    this.vault = vault;
    group(ALL);
    group(UNGROUPED);
  }

  /** The passwords of the vaults the sources hold. */
  Vault vault() {
    return vault;
  }

  void group(String name) {
    groups.computeIfAbsent(name, n -> new Group());
  }

  boolean hasGroup(String name) {
    return groups.containsKey(name);
  }

  void child(String parent, String child, Origin at) throws BadInputException {
    if (child.equals(ALL)) {
      throw at.error("group 'all' cannot be a child of '" + parent + "': it holds every group");
    }
    group(parent);
    group(child);
    groups.get(parent).children.putIfAbsent(child, at);
  }

  /**
   * Adds each host of {@code range} to {@code group} with {@code vars}; a port written after
   * the name becomes ansible_port, below the vars. A host may be named again (in this or another
   * group): later variables replace earlier ones, as in Ansible.
   */
  void hosts(String group, HostRange range, Map<String, Variable> vars, Origin at) {
    group(group);
    for (String name : range.hostnames()) {
      Host host = host(group, name, at);
      if (range.port() != null) {
        host.vars.put("ansible_port", new Variable(range.port(), at));
      }
      host.vars.putAll(vars);
    }
  }

  /** Adds one host, named as is (inventory scripts' names are not ranges), to {@code group}. */
  void host(String group, String name, Map<String, Variable> vars, Origin at) {
    group(group);
    host(group, name, at).vars.putAll(vars);
  }

  /** Variables of a host already added, as an inventory script's _meta or --host give them. */
  void hostVars(String name, Map<String, Variable> vars) {
    hosts.get(name).vars.putAll(vars);
  }

  private Host host(String group, String name, Origin at) {
    Host host = hosts.computeIfAbsent(name, n -> new Host(at));
    host.directGroups.add(group);
    return host;
  }

  /** A later definition of the same variable replaces the earlier one, as in Ansible. */
  void groupVars(String group, Map<String, Variable> vars) {
    group(group);
    groups.get(group).vars.putAll(vars);
  }

  /** The inventory of {@code sources}, whose directories hold group_vars/ and host_vars/. */
  Inventory build(List<Path> sources) throws BadInputException {
    checkCycles();
    Map<String, Set<String>> parents = parents();
    Map<String, Integer> depths = new HashMap<>();
    Map<String, Integer> priorities = new HashMap<>();
    for (String group : groups.keySet()) {
      depths.put(group, depth(group, parents, depths));
      priorities.put(group, priority(group));
    }
    // Ansible's sort_groups: shallow groups first, then by priority, then by name; later wins.
    Comparator<String> precedence =
        Comparator.<String>comparingInt(depths::get)
            .thenComparingInt(priorities::get)
            .thenComparing(Comparator.naturalOrder());
    // Relative like the inventory path the user gave, so that errors name files as they would.
    Set<Path> dirs = new LinkedHashSet<>();
    sources.forEach(source -> dirs.add(source.getParent() != null ? source.getParent()
        : Path.of("")));
    List<VarsDirectory> varsFiles = new ArrayList<>();
    dirs.forEach(dir -> varsFiles.add(new VarsDirectory(dir, vault)));
    List<InventoryHost> built = new ArrayList<>();
    for (Map.Entry<String, Host> entry : hosts.entrySet()) {
      List<String> memberOf = new ArrayList<>(memberships(entry.getValue(), parents));
      memberOf.sort(precedence);
      built.add(resolve(entry.getKey(), entry.getValue(), memberOf, varsFiles));
    }
    return new Inventory(sources, built, groups.keySet());
  }

  /**
   * Ansible's default variable precedence (lowest first): inventory group vars, group_vars/all
   * files, other group_vars/ files, inventory host vars, host_vars/ files. Within each group
   * layer the groups come in {@code memberOf} order: all first, parents before children, then
   * by name; with several sources, their directories in order within each layer (Ansible's
   * all_plugins_inventory, then groups_plugins_inventory).
   */
  private InventoryHost resolve(
      String name, Host host, List<String> memberOf, List<VarsDirectory> varsFiles)
      throws BadInputException {
    Map<String, Variable> merged = new LinkedHashMap<>();
    for (String group : memberOf) {
      merged.putAll(groups.get(group).vars);
    }
    for (VarsDirectory dir : varsFiles) {
      merged.putAll(dir.group(ALL));
    }
    for (VarsDirectory dir : varsFiles) {
      for (String group : memberOf) {
        if (!group.equals(ALL)) {
          merged.putAll(dir.group(group));
        }
      }
    }
    merged.putAll(host.vars);
    for (VarsDirectory dir : varsFiles) {
      merged.putAll(dir.host(name));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Origin> origins = new LinkedHashMap<>();
    merged.forEach((var, variable) -> {
      values.put(var, variable.value());
      origins.put(var, variable.origin());
    });
    return new InventoryHost(name, values, memberOf, origins, host.definedAt);
  }

  /** Depth-first search over children; a child already on the path closes a cycle. */
  private void checkCycles() throws BadInputException {
    Set<String> done = new HashSet<>();
    for (String group : groups.keySet()) {
      visit(group, new ArrayList<>(), done);
    }
  }

  private void visit(String group, List<String> path, Set<String> done) throws BadInputException {
    if (done.contains(group)) {
      return;
    }
    path.add(group);
    for (Map.Entry<String, Origin> child : groups.get(group).children.entrySet()) {
      int seen = path.indexOf(child.getKey());
      if (seen >= 0) {
        List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
        cycle.add(child.getKey());
        throw child.getValue().error("group cycle: " + String.join(" -> ", cycle));
      }
      visit(child.getKey(), path, done);
    }
    path.remove(path.size() - 1);
    done.add(group);
  }

  /** Each group's parents; a group nobody claims is a child of all, as in Ansible. */
  private Map<String, Set<String>> parents() {
    Map<String, Set<String>> parents = new HashMap<>();
    groups.keySet().forEach(group -> parents.put(group, new LinkedHashSet<>()));
    groups.forEach((parent, group) ->
        group.children.keySet().forEach(child -> parents.get(child).add(parent)));
    parents.forEach((group, its) -> {
      if (its.isEmpty() && !group.equals(ALL)) {
        its.add(ALL);
      }
    });
    return parents;
  }

  /** The longest path from all, as Ansible's Group.depth. */
  private static int depth(
      String group, Map<String, Set<String>> parents, Map<String, Integer> depths) {
    Integer known = depths.get(group);
    if (known != null) {
      return known;
    }
    int depth = 0;
    for (String parent : parents.get(group)) {
      depth = Math.max(depth, depth(parent, parents, depths) + 1);
    }
    depths.put(group, depth);
    return depth;
  }

  /** ansible_group_priority, set in the inventory file only (as Ansible reads it), default 1. */
  private int priority(String group) throws BadInputException {
    Variable priority = groups.get(group).vars.get(PRIORITY);
    if (priority == null) {
      return 1;
    }
    String text = String.valueOf(priority.value()).trim();
    if (!text.matches("-?\\d{1,9}")) {
      throw priority.origin().error(PRIORITY + " must be a whole number, found '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  /**
   * The groups a host is in: those that name it, their ancestors and all. A host no group
   * names is in ungrouped, and only then (Ansible's reconcile_inventory).
   */
  private static Set<String> memberships(Host host, Map<String, Set<String>> parents) {
    Set<String> direct = new LinkedHashSet<>(host.directGroups);
    direct.removeAll(Set.of(ALL, UNGROUPED));
    if (direct.isEmpty()) {
      direct.add(UNGROUPED);
    }
    Set<String> all = new LinkedHashSet<>();
    List<String> pending = new ArrayList<>(direct);
    while (!pending.isEmpty()) {
      String group = pending.remove(pending.size() - 1);
      if (all.add(group)) {
        pending.addAll(parents.get(group));
      }
    }
    all.add(ALL);
    return all;
  }
}
