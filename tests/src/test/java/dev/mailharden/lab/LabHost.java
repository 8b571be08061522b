package dev.mailharden.lab;

import dev.mailharden.core.connect.ConnectionSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running lab host: its own loopback address, its certificate's name, and the key and CA
 * a test needs to reach and verify it.
 */
public record LabHost(
    String name, String address, String release, LabFlavor flavor, Path sshKey, Path caCert,
    String containerId) {

  /** Root by key, as the demo inventory connects. */
  public ConnectionSpec rootSpec() {
    return new ConnectionSpec(name, address, 22, "root", Optional.of(sshKey), Optional.empty(),
        Optional.empty(), ConnectionSpec.Become.NONE);
  }

  /** The lab's unprivileged admin, who may sudo with {@link Lab#ADMIN_PASSWORD}. */
  public ConnectionSpec adminSpec(ConnectionSpec.Become become) {
    return new ConnectionSpec(name, address, 22, "admin", Optional.of(sshKey), Optional.empty(),
        Optional.empty(), become);
  }
}
