package dev.mailharden.core.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a module's data files from {@code mailharden/<module>/} on its class path. */
public final class ModuleResources {

  private ModuleResources() {}

  public static String text(Class<?> owner, String module, String file) {
    String path = "/mailharden/" + module + "/" + file;
    try (InputStream in = owner.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("module resource missing from the build: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
