package dev.mailharden.modules.exim;

import java.util.List;

/**
 * Edits the authenticators of an Exim auth section in place ({@link EximDrivers}). An
 * authenticator is a server authenticator when it has an active {@code server_*} option
 * (Debian's examples are all commented out, and client-only ones such as {@code cram_md5}
 * with just {@code client_*} options are left alone).
 */
final class EximAuthenticators {

  private final EximDrivers drivers;

  EximAuthenticators(List<String> lines) {
    this.drivers = new EximDrivers(lines);
  }

  /** Sets {@code option = value} on every server authenticator (last first: lines shift). */
  void setOnServers(String option, String value) {
    List<Integer> starts = drivers.starts();
    for (int i = starts.size() - 1; i >= 0; i--) {
      int start = starts.get(i);
      if (drivers.options(start).stream()
          .anyMatch(l -> EximDrivers.optionName(l).startsWith("server_"))) {
        drivers.set(start, option, value);
      }
    }
  }

  List<String> lines() {
    return drivers.lines();
  }
}
