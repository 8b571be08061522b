package dev.mailharden.core.txn;

import java.util.Optional;

/** How a service is reloaded or restarted on a host, from the init system its facts name. */
final class InitSystem {

  private InitSystem() {}

  /**
   * Why services cannot be reloaded on a host with this init system; empty when they can.
   * Asked before anything is written, so that such a host fails with nothing changed.
   */
  static Optional<String> unsupported(String initSystem) {
    return switch (initSystem) {
      case "systemd", "sysvinit" -> Optional.empty();
      default -> Optional.of("no init system mailharden can reload services with was found"
          + " on the host (facts say '" + initSystem + "'; systemd as PID 1 or init scripts"
          + " with service(8) are needed): nothing was changed");
    };
  }

  /** The command that restarts the service where {@code restart}, else reloads it. */
  static String command(String initSystem, String service, boolean restart) {
    String action = restart ? "restart" : "reload";
    return switch (initSystem) {
      case "systemd" -> "systemctl " + action + " " + service;
      case "sysvinit" -> "service " + service + " " + action;
      default -> throw new IllegalStateException("cannot " + action + " " + service
          + ": " + unsupported(initSystem).orElseThrow());
    };
  }
}
