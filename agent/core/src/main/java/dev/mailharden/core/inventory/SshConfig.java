package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;

/**
 * An OpenSSH client config ({@code ~/.ssh/config}), parsed by MINA SSHD, as ssh applies it to
 * the destination Ansible hands it: first value wins across matching Host blocks, and values
 * given on the command line (here: set in the inventory) win over the file.
 */
public final class SshConfig {

  /** What ssh would use for one destination; identity files as listed, existing or not. */
  record Target(String hostName, int port, String user, List<Path> identityFiles) {}

  private final Path file;
  private final HostConfigEntryResolver resolver;

  private SshConfig(Path file, HostConfigEntryResolver resolver) {
    this.file = file;
    this.resolver = resolver;
  }

  /** No ssh config: inventory values and defaults only. */
  public static SshConfig none() {
    return new SshConfig(null, HostConfigEntryResolver.EMPTY);
  }

  /** The user's {@code ~/.ssh/config}, or none if there is no such file. */
  public static SshConfig userDefault() throws BadInputException {
    return load(HostConfigEntry.getDefaultHostConfigFile());
  }

  /** {@code file}, or none if it does not exist (as ssh ignores a missing ~/.ssh/config). */
  public static SshConfig load(Path file) throws BadInputException {
    if (!Files.exists(file)) {
      return none();
    }
    try {
      return new SshConfig(file,
          HostConfigEntry.toHostConfigEntryResolver(HostConfigEntry.readHostConfigEntries(file)));
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(file, 0, "cannot read ssh config: " + e.getMessage());
    }
  }

  /**
   * ssh's view of {@code destination}.
   *
   * @param port the inventory's port, or 0 to take the config's (default 22)
   * @param user the inventory's user, or null to take the config's (default: current user)
   */
  Target resolve(String destination, int port, String user) throws BadInputException {
    HostConfigEntry entry;
    try {
      entry = resolver.resolveEffectiveHost(destination, port, null, user, null, null);
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(String.valueOf(file),
          "cannot apply ssh config to " + destination + ": " + e.getMessage());
    }
    if (entry == null) {
      return new Target(destination, port > 0 ? port : 22,
          user != null ? user : System.getProperty("user.name"), List.of());
    }
    return new Target(entry.getHostName(), entry.getPort(), entry.getUsername(),
        entry.getIdentities().stream().map(Path::of).toList());
  }
}
