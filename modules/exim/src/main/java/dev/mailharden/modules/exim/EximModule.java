package dev.mailharden.modules.exim;

import dev.mailharden.core.module.ProductModule;

/** Exim: detection from {@code mailharden/exim/facts.sh}. */
public final class EximModule implements ProductModule {
  @Override
  public String name() {
    return "exim";
  }
}
