package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.VaultValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host with its variables merged as Ansible merges them.
 *
 * @param vars values as YAML types (String, Integer/Long, Boolean, Double, List, Map, null);
 *     INI values as Ansible reads them (Python literals, else strings)
 * @param groups every group the host belongs to, ancestors and {@code all} included, in
 *     Ansible's order of precedence (lowest first)
 * @param origins where each variable's winning value was set
 * @param definedAt where the host is first named in the inventory file
 */
public record InventoryHost(
    String name,
    Map<String, Object> vars,
    List<String> groups,
    Map<String, Origin> origins,
    Origin definedAt) {

  public InventoryHost {
    // Not Map.copyOf: that loses the order and refuses the null of "var:" with no value.
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    groups = List.copyOf(groups);
    origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  /**
   * The value of {@code var} (null when unset), a vault value decrypted: for a variable
   * about to be used.
   */
  public Object value(String var) throws BadInputException {
    Object value = vars.get(var);
    return value instanceof VaultValue vaulted ? vaulted.reveal() : value;
  }

  /**
   * Where {@code var} was set; for a variable that is not set, where the host is defined, which
   * is where a user would add it.
   */
  public Origin origin(String var) {
    return origins.getOrDefault(var, definedAt);
  }
}
