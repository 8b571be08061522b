package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.SourceText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of Ansible's ansible.cfg that mailharden honours, found as Ansible finds the
 * file: {@code ANSIBLE_CONFIG}, {@code ./ansible.cfg} (unless the directory is world-writable),
 * {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}; the first that exists is the only
 * one read. Each setting's environment variable (ANSIBLE_FORKS...) wins over the file, as in
 * Ansible; command-line flags win over both (the CLI's part).
 */
public final class AnsibleConfig {

  /** One value and where it was set: a file line, or an environment variable. */
  public record Setting(String value, Origin origin, Path baseDir) {
    public BadInputException error(String problem) {
      return origin.error(problem);
    }

    /** ~ is the home directory; a relative path is relative to the file that sets it. */
    public Path path() {
      return resolve(value);
    }

    /** A comma-separated list of paths (Ansible's pathlist), each as {@link #path}. */
    public List<Path> paths() {
      return list().stream().map(this::resolve).toList();
    }

    private Path resolve(String path) {
      String home = System.getProperty("user.home");
      String text = path.equals("~") ? home
          : path.startsWith("~/") ? home + path.substring(1) : path;
      return baseDir.resolve(text).normalize();
    }

    /** A comma-separated list, as Ansible's list and pathlist types split it. */
    public List<String> list() {
      return java.util.Arrays.stream(value.split(",")).map(String::strip)
          .filter(s -> !s.isEmpty()).toList();
    }

    public int positive() throws BadInputException {
      String text = value.strip();
      if (!text.matches("\\d{1,6}") || Integer.parseInt(text) < 1) {
        throw error("'" + value + "' is not a positive whole number");
      }
      return Integer.parseInt(text);
    }

    public boolean bool() throws BadInputException {
      Boolean b = ConnectionSpecs.ansibleBoolean(value);
      if (b == null) {
        throw error("'" + value + "' is not a boolean (true/false, yes/no, 1/0)");
      }
      return b;
    }
  }

  /** A setting's place in the file and its environment variable. */
  public enum Key {
    INVENTORY("defaults", "inventory", "ANSIBLE_INVENTORY"),
    REMOTE_USER("defaults", "remote_user", "ANSIBLE_REMOTE_USER"),
    PRIVATE_KEY_FILE("defaults", "private_key_file", "ANSIBLE_PRIVATE_KEY_FILE"),
    FORKS("defaults", "forks", "ANSIBLE_FORKS"),
    TIMEOUT("defaults", "timeout", "ANSIBLE_TIMEOUT"),
    VAULT_PASSWORD_FILE("defaults", "vault_password_file", "ANSIBLE_VAULT_PASSWORD_FILE"),
    VAULT_IDENTITY_LIST("defaults", "vault_identity_list", "ANSIBLE_VAULT_IDENTITY_LIST"),
    HOST_KEY_CHECKING("defaults", "host_key_checking", "ANSIBLE_HOST_KEY_CHECKING"),
    BECOME("privilege_escalation", "become", "ANSIBLE_BECOME"),
    BECOME_USER("privilege_escalation", "become_user", "ANSIBLE_BECOME_USER");

    final String section;
    final String name;
    final String env;

    Key(String section, String name, String env) {
      this.section = section;
      this.name = name;
      this.env = env;
    }
  }

  // Python's configparser as Ansible sets it up: "key = value" or "key: value", full-line
  // comments with # or ;, inline comments with ; after whitespace, indented continuations.
  private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)\\]\\s*");
  private static final Pattern OPTION = Pattern.compile("([^=:\\s][^=:]*?)\\s*[=:]\\s*(.*)");
  private static final Pattern INLINE_COMMENT = Pattern.compile("\\s;.*$");

  private final Optional<Path> file;
  private final Map<String, Setting> values;
  private final Function<String, String> env;

  private AnsibleConfig(Optional<Path> file, Map<String, Setting> values,
      Function<String, String> env) {
    this.file = file;
    this.values = values;
    this.env = env;
  }

  /** The configuration Ansible would use here; none found means only the environment. */
  public static AnsibleConfig find(Function<String, String> env) throws BadInputException {
    List<Path> candidates = new ArrayList<>();
    String fromEnv = env.apply("ANSIBLE_CONFIG");
    if (fromEnv != null) {
      Path p = Path.of(fromEnv);
      candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
    }
    Path cwd = Path.of("");
    if (!worldWritable(cwd.toAbsolutePath())) {
      candidates.add(cwd.resolve("ansible.cfg"));
    }
    candidates.add(Path.of(System.getProperty("user.home"), ".ansible.cfg"));
    candidates.add(Path.of("/etc/ansible/ansible.cfg"));
    for (Path candidate : candidates) {
      if (Files.isReadable(candidate)) {
        return load(candidate, env).checked();
      }
    }
    return environmentOnly(env).checked();
  }

  /** Numbers and booleans are checked at once, so that a bad one is an error before use. */
  private AnsibleConfig checked() throws BadInputException {
    for (Key key : List.of(Key.FORKS, Key.TIMEOUT)) {
      if (get(key).isPresent()) {
        get(key).get().positive();
      }
    }
    for (Key key : List.of(Key.HOST_KEY_CHECKING, Key.BECOME)) {
      if (get(key).isPresent()) {
        get(key).get().bool();
      }
    }
    return this;
  }

  /** No file: only the environment's ANSIBLE_* settings. */
  public static AnsibleConfig environmentOnly(Function<String, String> env) {
    return new AnsibleConfig(Optional.empty(), Map.of(), env);
  }

  public static AnsibleConfig load(Path file, Function<String, String> env)
      throws BadInputException {
    Map<String, Setting> values = new HashMap<>();
    Path base = file.toAbsolutePath().getParent();
    String section = null;
    String lastKey = null;
    String[] lines = SourceText.read(file).split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      Origin at = new Origin(file, i + 1);
      String raw = lines[i];
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      line = INLINE_COMMENT.matcher(line).replaceFirst("").strip();
      Matcher header = SECTION.matcher(line);
      if (header.matches()) {
        section = header.group(1).strip();
        lastKey = null;
        continue;
      }
      if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
        Setting previous = values.get(lastKey);
        values.put(lastKey, new Setting(previous.value() + "\n" + line, previous.origin(),
            base));
        continue;
      }
      Matcher option = OPTION.matcher(line);
      if (section == null || !option.matches()) {
        throw at.error(section == null ? "a setting before any [section]"
            : "expected key = value, got '" + line + "'");
      }
      String key = section + "." + option.group(1).strip().toLowerCase(Locale.ROOT);
      Setting first = values.put(key, new Setting(option.group(2), at, base));
      if (first != null) {
        throw at.error("'" + option.group(1).strip() + "' set twice in [" + section
            + "] (first at line " + first.origin().line() + ")");
      }
      lastKey = key;
    }
    return new AnsibleConfig(Optional.of(file), values, env);
  }

  public Optional<Path> file() {
    return file;
  }

  /** The setting from the environment, else from the file; empty values count as unset. */
  public Optional<Setting> get(Key key) {
    String fromEnv = env.apply(key.env);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(new Setting(fromEnv, new Origin(Path.of("$" + key.env), 0),
          Path.of("").toAbsolutePath()));
    }
    return Optional.ofNullable(values.get(key.section + "." + key.name))
        .filter(s -> !s.value().isBlank());
  }

  private static boolean worldWritable(Path dir) {
    try {
      return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
    } catch (Exception e) {
      return false;
    }
  }
}
