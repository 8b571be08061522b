package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.inventory.ConnectionSpecs;
import dev.mailharden.core.inventory.HostPattern;
import dev.mailharden.core.inventory.Inventory;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.inventory.SshConfig;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.module.ApplianceModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which hosts: the inventory and Ansible's --limit. */
final class InventoryOptions {

  @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "FILE",
      description = "Ansible inventory, YAML or INI; host_vars/ and group_vars/ beside it are read.")
  Path inventory;

  @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN",
      description = "Hosts or groups as Ansible's --limit: names, globs (mx*), ~regex, "
          + "'!' to exclude, '&' to intersect, comma-separated. Default: all.")
  String limit = "all";

  @Option(names = "--ssh-config", paramLabel = "FILE",
      description = "OpenSSH client config for HostName, Port, User, IdentityFile "
          + "(default: ~/.ssh/config). Inventory variables win.")
  Path sshConfig;

  /**
   * A selected host: its inventory entry, its connection, and the appliance module that
   * drives it when it is an appliance ({@code network_cli}) rather than a POSIX host.
   */
  record Selected(InventoryHost host, ConnectionSpec connection, Inventory inventory,
      Optional<ApplianceModule> appliance) {
    /** Whether a play's {@code hosts:} pattern names this host. */
    boolean matches(String pattern) throws BadInputException {
      return HostPattern.parse(pattern).select(inventory).contains(host);
    }
  }

  /**
   * Every selected host with its connection, resolved before any connection is made: bad
   * input stops the run here, with nothing touched.
   */
  List<Selected> selected() throws BadInputException {
    if (sshConfig != null && !java.nio.file.Files.isRegularFile(sshConfig)) {
      throw new BadInputException(sshConfig, 0, "--ssh-config: no such file");
    }
    Inventory inv = Inventory.load(inventory);
    SshConfig ssh = sshConfig == null ? SshConfig.userDefault() : SshConfig.load(sshConfig);
    List<Selected> out = new ArrayList<>();
    for (InventoryHost host : inv.select(limit)) {
      out.add(new Selected(host, ConnectionSpecs.from(host, ssh, System::getenv), inv,
          ApplianceModules.forHost(host)));
    }
    return out;
  }

  List<ConnectionSpec> connectionSpecs() throws BadInputException {
    return selected().stream().map(Selected::connection).toList();
  }

  /** The selected appliance hosts, by inventory name, with the module that drives each. */
  static Map<String, ApplianceModule> appliances(List<Selected> selected) {
    Map<String, ApplianceModule> out = new java.util.HashMap<>();
    selected.forEach(s -> s.appliance().ifPresent(m -> out.put(s.host().name(), m)));
    return out;
  }
}
