package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.VaultValue;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.ConnectionSpec.Become;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a host's Ansible connection variables, with ~/.ssh/config under them, into the
 * {@link ConnectionSpec} used to reach it.
 */
public final class ConnectionSpecs {

  // Ansible's names for each setting. Where there are several, the last one set wins, as in
  // Ansible's option resolution for its ssh connection and sudo become plugins.
  private static final List<String> HOST = List.of("ansible_host", "ansible_ssh_host");
  private static final List<String> PORT = List.of("ansible_port", "ansible_ssh_port");
  private static final List<String> USER = List.of("ansible_user", "ansible_ssh_user");
  private static final List<String> KEY =
      List.of("ansible_private_key_file", "ansible_ssh_private_key_file");
  private static final List<String> PASSWORD =
      List.of("ansible_password", "ansible_ssh_pass", "ansible_ssh_password");
  private static final List<String> BECOME = List.of("ansible_become");
  private static final List<String> BECOME_USER = List.of("ansible_become_user");
  private static final List<String> BECOME_PASSWORD =
      List.of("ansible_become_password", "ansible_become_pass");
  private static final List<String> PASSPHRASE = List.of("mailharden_ssh_key_passphrase");
  private static final String PASSPHRASE_ENV = "MAILHARDEN_SSH_KEY_PASSPHRASE";

  /** Variables that hold secrets: never shown, whether vault-encrypted or not. */
  public static final Set<String> SECRETS = concat(PASSWORD, BECOME_PASSWORD, PASSPHRASE);

  // Ansible's boolean(): these strings, case-insensitive, and the numbers 1 and 0.
  private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
  private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");

  /** A variable the host sets, with where it was set. */
  private record Setting(String name, Object value, Origin origin) {
    BadInputException error(String problem) {
      return origin.error(name + ": " + problem);
    }
  }

  /**
   * ansible.cfg's connection settings: under every inventory variable, over ~/.ssh/config
   * (Ansible passes remote_user and private_key_file to ssh, which then overrides its config).
   */
  public record Defaults(Optional<String> remoteUser, Optional<Path> privateKeyFile,
      boolean become, Optional<String> becomeUser) {

    public static final Defaults NONE =
        new Defaults(Optional.empty(), Optional.empty(), false, Optional.empty());

    public static Defaults of(AnsibleConfig config) throws BadInputException {
      Optional<AnsibleConfig.Setting> key = config.get(AnsibleConfig.Key.PRIVATE_KEY_FILE);
      Optional<Path> keyFile = Optional.empty();
      if (key.isPresent()) {
        Path path = key.get().path();
        if (!Files.isRegularFile(path)) {
          throw key.get().error("private_key_file: no such private key file: " + path);
        }
        keyFile = Optional.of(path);
      }
      Optional<AnsibleConfig.Setting> become = config.get(AnsibleConfig.Key.BECOME);
      return new Defaults(
          config.get(AnsibleConfig.Key.REMOTE_USER).map(AnsibleConfig.Setting::value),
          keyFile,
          become.isPresent() && become.get().bool(),
          config.get(AnsibleConfig.Key.BECOME_USER).map(AnsibleConfig.Setting::value));
    }
  }

  private ConnectionSpecs() {}

  @SafeVarargs
  private static Set<String> concat(List<String>... lists) {
    Set<String> all = new java.util.LinkedHashSet<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return Set.copyOf(all);
  }

  /**
   * @param env environment lookup (System::getenv in production) for the key passphrase
   */
  public static ConnectionSpec from(InventoryHost host, SshConfig ssh, Function<String, String> env)
      throws BadInputException {
    return from(host, ssh, env, Defaults.NONE);
  }

  /** As above, with ansible.cfg's {@code defaults} under the inventory's variables. */
  public static ConnectionSpec from(InventoryHost host, SshConfig ssh,
      Function<String, String> env, Defaults defaults) throws BadInputException {
    Optional<Setting> port = setting(host, PORT);
    Optional<Setting> user = setting(host, USER);
    String destination = string(setting(host, HOST)).orElse(host.name());
    SshConfig.Target target = ssh.resolve(destination,
        port.isPresent() ? port(port.get()) : 0,
        string(user).or(defaults::remoteUser).orElse(null));
    Optional<Setting> key = setting(host, KEY);
    Optional<Path> identity = key.isPresent()
        ? Optional.of(keyFile(key.get(), host))
        : defaults.privateKeyFile().isPresent() ? defaults.privateKeyFile()
        // ssh skips identity files that do not exist; so do we.
        : target.identityFiles().stream().filter(Files::isRegularFile).findFirst();
    Optional<String> passphrase = string(setting(host, PASSPHRASE))
        .or(() -> Optional.ofNullable(env.apply(PASSPHRASE_ENV)).filter(p -> !p.isEmpty()));
    Optional<Setting> become = setting(host, BECOME);
    boolean becomes = become.isPresent() ? bool(become.get()) : defaults.become();
    return new ConnectionSpec(
        host.name(),
        target.hostName(),
        target.port(),
        target.user(),
        identity,
        passphrase,
        string(setting(host, PASSWORD)),
        new Become(
            becomes,
            string(setting(host, BECOME_USER)).or(defaults::becomeUser).orElse("root"),
            // Only sudo needs it: a vaulted password stays encrypted otherwise.
            becomes ? string(setting(host, BECOME_PASSWORD)) : Optional.empty()));
  }

  /** The last of {@code names} the host sets to something (a var set to nothing is unset). */
  private static Optional<Setting> setting(InventoryHost host, List<String> names) {
    for (int i = names.size() - 1; i >= 0; i--) {
      String name = names.get(i);
      Object value = host.vars().get(name);
      if (value != null) {
        return Optional.of(new Setting(name, value, host.origin(name)));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> string(Optional<Setting> setting) throws BadInputException {
    return setting.isEmpty() ? Optional.empty() : Optional.of(text(setting.get()));
  }

  /** The value as text; a vault value is decrypted here, where it is used. */
  private static String text(Setting setting) throws BadInputException {
    Object value = setting.value();
    if (value instanceof VaultValue vaulted) {
      return vaulted.reveal();
    }
    if (value instanceof List || value instanceof Map) {
      throw setting.error("expected a single value, found "
          + (value instanceof List ? "a list" : "a mapping"));
    }
    return String.valueOf(value);
  }

  private static int port(Setting setting) throws BadInputException {
    String text = text(setting).strip();
    int port = text.matches("\\d{1,5}") ? Integer.parseInt(text) : -1;
    if (port < 1 || port > 65535) {
      throw setting.error("'" + setting.value() + "' is not a port number (1-65535)");
    }
    return port;
  }

  /** Ansible's boolean() of a text, or null when it is none. */
  static Boolean ansibleBoolean(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    return TRUE.contains(text) ? Boolean.TRUE : FALSE.contains(text) ? Boolean.FALSE : null;
  }

  private static boolean bool(Setting setting) throws BadInputException {
    Boolean value = ansibleBoolean(text(setting));
    if (value != null) {
      return value;
    }
    throw setting.error("'" + setting.value() + "' is not a boolean (use true/false, yes/no"
        + " or 1/0)");
  }

  /** ~ is the user's home; a relative path is relative to the inventory's directory. */
  private static Path keyFile(Setting setting, InventoryHost host) throws BadInputException {
    String text = text(setting);
    Path home = Path.of(System.getProperty("user.home"));
    Path inventoryDir = host.definedAt().file().toAbsolutePath().getParent();
    Path path = text.equals("~") ? home
        : text.startsWith("~/") ? home.resolve(text.substring(2))
        : inventoryDir.resolve(text);
    path = path.normalize();
    if (!Files.isRegularFile(path)) {
      throw setting.error((Files.isDirectory(path) ? "is a directory, not a key file: "
          : "no such private key file: ") + path);
    }
    return path;
  }
}
