package dev.mailharden.core;

import java.nio.file.Path;

/** The controller's own state: run journals and cached DH groups. */
public final class StateHome {

  private StateHome() {}

  /** {@code $MAILHARDEN_STATE}, or {@code ~/.mailharden}. */
  public static Path dir() {
    String home = System.getenv("MAILHARDEN_STATE");
    return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".mailharden");
  }
}
