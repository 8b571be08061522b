package dev.mailharden.core.module;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.InventoryHost;
import java.util.List;
import java.util.Optional;

/** The appliance modules on the class path, and which one (if any) an inventory host is. */
public final class ApplianceModules {

  /** Ansible's connection for devices driven through their CLI. */
  public static final String NETWORK_CLI = "network_cli";

  private ApplianceModules() {}

  public static List<ApplianceModule> installed() {
    return ProductModules.load(ApplianceModule.class, ApplianceModule::name);
  }

  /**
   * The module for a host marked {@code ansible_connection: network_cli}, by its
   * {@code ansible_network_os}; empty for an ordinary (SSH + POSIX shell) host.
   */
  public static Optional<ApplianceModule> forHost(InventoryHost host) throws BadInputException {
    Object connection = host.value("ansible_connection");
    if (connection == null || !NETWORK_CLI.equals(String.valueOf(connection))) {
      return Optional.empty();
    }
    Object os = host.value("ansible_network_os");
    List<ApplianceModule> all = installed();
    if (os == null) {
      throw host.origin("ansible_network_os").error("host " + host.name()
          + " has ansible_connection: network_cli but no ansible_network_os (one of: "
          + names(all) + ")");
    }
    for (ApplianceModule m : all) {
      if (m.claims(String.valueOf(os))) {
        return Optional.of(m);
      }
    }
    throw host.origin("ansible_network_os").error("host " + host.name()
        + ": no module drives ansible_network_os '" + os + "' (known: " + names(all) + ")");
  }

  private static String names(List<ApplianceModule> all) {
    return all.isEmpty() ? "none installed"
        : String.join(", ", all.stream().map(ApplianceModule::name).toList());
  }
}
