package dev.mailharden.core.txn;

/** How a service is reloaded or restarted on a host, from the init system its facts name. */
final class InitSystem {

  private InitSystem() {}

  static String reload(String initSystem, String service) {
    return command(initSystem, service, "reload");
  }

  static String restart(String initSystem, String service) {
    return command(initSystem, service, "restart");
  }

  private static String command(String initSystem, String service, String action) {
    return switch (initSystem) {
      case "systemd" -> "systemctl " + action + " " + service;
      case "sysvinit" -> "service " + service + " " + action;
      default -> throw new IllegalStateException("cannot " + action + " " + service
          + ": no init system found on the host (facts say '" + initSystem + "')");
    };
  }
}
