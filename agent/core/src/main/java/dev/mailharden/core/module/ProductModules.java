package dev.mailharden.core.module;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/** The product modules on the class path, in a stable order. */
public final class ProductModules {

  private ProductModules() {}

  public static List<ProductModule> installed() {
    return load(ProductModule.class, ProductModule::name);
  }

  /** The providers of a module SPI on the class path, sorted by name. */
  static <T> List<T> load(Class<T> spi, Function<T, String> name) {
    return ServiceLoader.load(spi).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(name))
        .toList();
  }
}
