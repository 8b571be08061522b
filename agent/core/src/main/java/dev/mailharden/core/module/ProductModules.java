package dev.mailharden.core.module;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The product modules on the class path, in a stable order. */
public final class ProductModules {

  private ProductModules() {}

  public static List<ProductModule> installed() {
    return ServiceLoader.load(ProductModule.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(ProductModule::name))
        .toList();
  }
}
