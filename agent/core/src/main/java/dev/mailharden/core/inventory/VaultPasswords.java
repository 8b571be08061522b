package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Vault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Vault passwords from where Ansible takes them: {@code --vault-id label@source} (source a
 * file, an executable that prints the password, or {@code prompt}), {@code
 * --vault-password-file}, {@code --ask-vault-pass}, and ansible.cfg's vault_identity_list and
 * vault_password_file (or ANSIBLE_VAULT_IDENTITY_LIST, ANSIBLE_VAULT_PASSWORD_FILE).
 */
public final class VaultPasswords {

  public static final String DEFAULT_ID = "default";
  private static final String PROMPT = "prompt";
  private static final Duration SCRIPT_DEADLINE = Duration.ofSeconds(60);

  private VaultPasswords() {}

  /**
   * Every password given, in Ansible's order: the configuration's identities, then
   * {@code --vault-id}s, then password files (flags', then the configuration's), then the
   * prompt; all are tried, the one whose vault id an encrypted value names first. Each is read once, here, before any host is contacted.
   *
   * @param prompt asks for a vault id's password without echo (for {@code prompt} and
   *     --ask-vault-pass); null when it cannot ask
   */
  public static Vault load(List<String> vaultIds, List<Path> passwordFiles, boolean ask,
      AnsibleConfig config, Function<String, char[]> prompt) throws BadInputException {
    List<Vault.Secret> secrets = new ArrayList<>();
    Optional<AnsibleConfig.Setting> ids = config.get(AnsibleConfig.Key.VAULT_IDENTITY_LIST);
    if (ids.isPresent()) {
      for (String id : ids.get().list()) {
        secrets.add(secret(id, ids.get().baseDir(), prompt));
      }
    }
    for (String id : vaultIds) {
      secrets.add(secret(id, Path.of(""), prompt));
    }
    for (Path file : passwordFiles) {
      secrets.add(fromFile(DEFAULT_ID, file));
    }
    Optional<AnsibleConfig.Setting> configured =
        config.get(AnsibleConfig.Key.VAULT_PASSWORD_FILE);
    if (configured.isPresent()) {
      secrets.add(fromFile(DEFAULT_ID, configured.get().path()));
    }
    if (ask) {
      secrets.add(prompted(DEFAULT_ID, prompt));
    }
    return new Vault(secrets);
  }

  /** {@code label@source} or a bare source (the default id). */
  private static Vault.Secret secret(String id, Path base, Function<String, char[]> prompt)
      throws BadInputException {
    int at = id.indexOf('@');
    String label = at < 0 ? DEFAULT_ID : id.substring(0, at);
    String source = at < 0 ? id : id.substring(at + 1);
    if (source.equals(PROMPT)) {
      return prompted(label, prompt);
    }
    return fromFile(label, base.resolve(source));
  }

  private static Vault.Secret prompted(String label, Function<String, char[]> prompt)
      throws BadInputException {
    char[] chars = prompt.apply(label);
    if (chars == null) {
      throw new BadInputException("vault id " + label, "asking for the vault password needs a"
          + " terminal; use --vault-password-file or --vault-id LABEL@FILE");
    }
    if (chars.length == 0) {
      throw new BadInputException("vault id " + label, "no vault password entered");
    }
    return new Vault.Secret(label,
        StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars)).array());
  }

  /**
   * As Ansible: an executable file is run and its stdout (without the line end) is the
   * password; a script named {@code *-client} or {@code *-client.EXT} is asked for the id
   * with {@code --vault-id LABEL}. Otherwise the file's content, stripped, is the password.
   */
  static Vault.Secret fromFile(String label, Path file) throws BadInputException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file, 0, "no such vault password file");
    }
    String text;
    if (Files.isExecutable(file)) {
      List<String> command = new ArrayList<>(List.of(file.toString()));
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      if ((dot < 0 ? name : name.substring(0, dot)).endsWith("-client")) {
        command.addAll(List.of("--vault-id", label));
      }
      text = new String(ExternalProgram.run(command, SCRIPT_DEADLINE).stdout(),
          StandardCharsets.UTF_8).replaceAll("^[\r\n]+|[\r\n]+$", "");
    } else {
      text = new String(readBytes(file), StandardCharsets.UTF_8).strip();
    }
    if (text.isEmpty()) {
      throw new BadInputException(file, 0, "the vault password is empty");
    }
    return new Vault.Secret(label, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readBytes(Path file) throws BadInputException {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new BadInputException(file, 0, "cannot read vault password file: " + e.getMessage());
    }
  }
}
