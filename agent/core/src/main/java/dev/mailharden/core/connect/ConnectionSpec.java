package dev.mailharden.core.connect;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach one host: the merge of inventory variables, ~/.ssh/config and defaults.
 * Secrets are held here only as long as the connection needs them and never printed:
 * {@link #toString()} masks them.
 */
public record ConnectionSpec(
    String inventoryName,
    String address,
    int port,
    String user,
    Optional<Path> identityFile,
    Optional<String> identityPassphrase,
    Optional<String> password,
    Become become) {

  /** Privilege escalation through sudo, as Ansible's become. */
  public record Become(boolean enabled, String user, Optional<String> password) {
    public static final Become NONE = new Become(false, "root", Optional.empty());

    @Override
    public String toString() {
      return "Become[enabled=" + enabled + ", user=" + user + ", password=" + mask(password) + "]";
    }
  }

  @Override
  public String toString() {
    return "ConnectionSpec[" + inventoryName + " " + user + "@" + address + ":" + port
        + ", identityFile=" + identityFile.map(Path::toString).orElse("-")
        + ", passphrase=" + mask(identityPassphrase) + ", password=" + mask(password)
        + ", " + become + "]";
  }

  private static String mask(Optional<String> secret) {
    return secret.isPresent() ? "***" : "-";
  }
}
