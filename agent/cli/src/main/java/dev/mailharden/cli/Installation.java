package dev.mailharden.cli;

import java.nio.file.Path;

/** Where mailharden's own files (playbooks/) are: set by bin/mailharden, else the cwd. */
final class Installation {

  private Installation() {}

  static Path home() {
    return Path.of(System.getProperty("mailharden.home", ".")).toAbsolutePath().normalize();
  }
}
