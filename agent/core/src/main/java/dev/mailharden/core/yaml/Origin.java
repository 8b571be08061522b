package dev.mailharden.core.yaml;

import dev.mailharden.core.BadInputException;
import java.nio.file.Path;

/** Where something was written (file, 1-based line), so that errors can point there. */
public record Origin(Path file, int line) {

  /** An error about what was written here; its message starts with {@code file:line:}. */
  public BadInputException error(String message) {
    return new BadInputException(file, line, message);
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
