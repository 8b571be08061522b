package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.inventory.ConnectionSpecs;
import dev.mailharden.core.inventory.HostPattern;
import dev.mailharden.core.inventory.Inventory;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.inventory.SshConfig;
import dev.mailharden.core.inventory.AnsibleConfig;
import dev.mailharden.core.inventory.VaultPasswords;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.module.ApplianceModules;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which hosts: the inventory, Ansible's --limit, and the vault passwords its variables need. */
final class InventoryOptions {

  /** Ansible's default inventory, used when neither -i nor ansible.cfg names one. */
  private static final Path ANSIBLE_DEFAULT_INVENTORY = Path.of("/etc/ansible/hosts");

  @Option(names = {"-i", "--inventory"}, paramLabel = "SOURCE",
      description = "Ansible inventory: YAML, INI, an executable inventory script, or the JSON"
          + " of `ansible-inventory -i SRC --list`; host_vars/ and group_vars/ beside it are"
          + " read. Repeat to merge several, in order. Default: ansible.cfg's inventory.")
  List<Path> inventories = new ArrayList<>();

  @Option(names = "--vault-password-file", paramLabel = "FILE",
      description = "Ansible Vault password file (an executable one is run and its output"
          + " used). Repeatable. Also: ANSIBLE_VAULT_PASSWORD_FILE, ansible.cfg.")
  List<Path> vaultPasswordFiles = new ArrayList<>();

  @Option(names = "--vault-id", paramLabel = "LABEL@SOURCE",
      description = "A vault id's password: SOURCE a file, a script or 'prompt'. Repeatable.")
  List<String> vaultIds = new ArrayList<>();

  @Option(names = {"-J", "--ask-vault-pass", "--ask-vault-password"},
      description = "Ask for the vault password (without echo).")
  boolean askVaultPass;

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

  private AnsibleConfig config;
  private Vault vault;

  /**
   * Every selected host with its connection, resolved before any connection is made: bad
   * input (a wrong vault password too) stops the run here, with nothing touched.
   */
  List<Selected> selected() throws BadInputException {
    if (sshConfig != null && !java.nio.file.Files.isRegularFile(sshConfig)) {
      throw new BadInputException(sshConfig, 0, "--ssh-config: no such file");
    }
    Inventory inv = Inventory.load(sources(), vault(), Inventory.SCRIPT_DEADLINE);
    SshConfig ssh = sshConfig == null ? SshConfig.userDefault() : SshConfig.load(sshConfig);
    ConnectionSpecs.Defaults defaults = ConnectionSpecs.Defaults.of(config());
    List<Selected> out = new ArrayList<>();
    for (InventoryHost host : inv.select(limit)) {
      out.add(new Selected(host, ConnectionSpecs.from(host, ssh, System::getenv, defaults),
          inv, ApplianceModules.forHost(host)));
    }
    return out;
  }

  /** The inventory sources: -i, else ansible.cfg's inventory, else Ansible's default. */
  List<Path> sources() throws BadInputException {
    if (!inventories.isEmpty()) {
      return inventories;
    }
    Optional<AnsibleConfig.Setting> configured = config().get(AnsibleConfig.Key.INVENTORY);
    if (configured.isPresent()) {
      return configured.get().paths();
    }
    if (Files.isRegularFile(ANSIBLE_DEFAULT_INVENTORY)) {
      return List.of(ANSIBLE_DEFAULT_INVENTORY);
    }
    throw new BadInputException("-i", "no inventory given: pass -i FILE, or set inventory in"
        + " the [defaults] of ansible.cfg" + config().file().map(f -> " (" + f + ")")
            .orElse(" (none found: ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg,"
                + " /etc/ansible/ansible.cfg)"));
  }

  /** The vault passwords, read (scripts run, the prompt shown) once per command. */
  Vault vault() throws BadInputException {
    if (vault == null) {
      vault = VaultPasswords.load(vaultIds, vaultPasswordFiles, askVaultPass, config(),
          InventoryOptions::askPassword);
    }
    return vault;
  }

  private AnsibleConfig config() throws BadInputException {
    if (config == null) {
      config = AnsibleConfig.find(System::getenv);
    }
    return config;
  }

  private static char[] askPassword(String label) {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    return console.readPassword(label.equals(VaultPasswords.DEFAULT_ID) ? "Vault password: "
        : "Vault password (" + label + "): ");
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
