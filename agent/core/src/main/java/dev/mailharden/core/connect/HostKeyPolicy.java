package dev.mailharden.core.connect;

import java.nio.file.Path;

/**
 * Host keys are checked against a known_hosts file. An unknown key is refused unless
 * {@code acceptNew} (trust on first use, recorded to the file); a changed key is always
 * refused.
 */
public record HostKeyPolicy(Path knownHostsFile, boolean acceptNew) {

  public static HostKeyPolicy userDefault(boolean acceptNew) {
    return new HostKeyPolicy(
        Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), acceptNew);
  }
}
