package dev.mailharden.core.txn;

/** How a service is reloaded on a host, from the init system its facts name. */
final class InitSystem {

  private InitSystem() {}

  static String reload(String initSystem, String service) {
    return switch (initSystem) {
      case "systemd" -> "systemctl reload " + service;
      case "sysvinit" -> "service " + service + " reload";
      default -> throw new IllegalStateException("cannot reload " + service
          + ": no init system found on the host (facts say '" + initSystem + "')");
    };
  }
}
