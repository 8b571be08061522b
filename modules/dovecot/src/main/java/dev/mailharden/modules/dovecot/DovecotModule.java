package dev.mailharden.modules.dovecot;

import dev.mailharden.core.module.ProductModule;

/** Dovecot: detection from {@code mailharden/dovecot/facts.sh}. */
public final class DovecotModule implements ProductModule {
  @Override
  public String name() {
    return "dovecot";
  }
}
