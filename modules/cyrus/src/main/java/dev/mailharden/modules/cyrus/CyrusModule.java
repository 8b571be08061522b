package dev.mailharden.modules.cyrus;

import dev.mailharden.core.module.ProductModule;

/** Cyrus: detection from {@code mailharden/cyrus/facts.sh}. */
public final class CyrusModule implements ProductModule {
  @Override
  public String name() {
    return "cyrus";
  }
}
