package dev.mailharden.modules.postfix;

import dev.mailharden.core.module.ProductModule;

/** Postfix: detection from {@code mailharden/postfix/facts.sh}. */
public final class PostfixModule implements ProductModule {
  @Override
  public String name() {
    return "postfix";
  }
}
