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

  /**
   * The lab CA's certificate and key on the host, where certbot would put them; every
   * product's configuration names them (lab-start, the flavor's setup.sh).
   */
  public String certPath() {
    return "/etc/letsencrypt/live/" + name + "/fullchain.pem";
  }

  public String keyPath() {
    return "/etc/letsencrypt/live/" + name + "/privkey.pem";
  }

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
