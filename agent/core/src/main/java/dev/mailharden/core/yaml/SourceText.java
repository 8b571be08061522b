package dev.mailharden.core.yaml;

import dev.mailharden.core.BadInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an inventory or vars file as UTF-8 text, turning I/O failures into input errors. */
public final class SourceText {

  private SourceText() {}

  public static String read(Path file) throws BadInputException {
    try {
      return Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new BadInputException(file, 0, "not UTF-8 text");
    } catch (IOException e) {
      throw new BadInputException(file, 0, "cannot read: " + e.getMessage());
    }
  }
}
