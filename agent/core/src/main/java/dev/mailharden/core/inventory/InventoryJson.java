package dev.mailharden.core.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What mailharden read from the inventory for each host, for JSON reports: its groups and
 * the variables mailharden uses (ansible_* and mailharden_*), secrets masked. So a report
 * can be checked against {@code ansible-inventory --list} without the hosts' answers.
 */
public final class InventoryJson {

  /** What a secret variable (a password, a passphrase) shows instead of its value. */
  public static final String SECRET = "<secret>";

  private InventoryJson() {}

  public static Map<String, Object> of(List<InventoryHost> hosts) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (InventoryHost host : hosts) {
      Map<String, Object> vars = new TreeMap<>();
      host.vars().forEach((name, value) -> {
        if (name.startsWith("ansible_") || name.startsWith("mailharden_")) {
          vars.put(name, ConnectionSpecs.SECRETS.contains(name) && value != null
              ? SECRET : value);
        }
      });
      out.put(host.name(), Map.of("groups", host.groups(), "vars", vars));
    }
    return out;
  }
}
