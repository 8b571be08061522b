package dev.mailharden.core;

import java.nio.file.Path;

/**
 * Input a user must fix (inventory, playbook, flag, a path on a host) found before anything
 * is changed. The message starts with where: {@code file:line: what is wrong}.
 */
public class BadInputException extends Exception {

  private final String where;

  public BadInputException(Path file, int line, String message) {
    this(line > 0 ? file + ":" + line : String.valueOf(file), message);
  }

  /** {@code where} is free-form when there is no file, e.g. {@code host mx1, /etc/x.pem}. */
  public BadInputException(String where, String message) {
    super(where + ": " + message);
    this.where = where;
  }

  public String where() {
    return where;
  }
}
