package dev.mailharden.core.facts;

import java.util.Map;

/** One installed product: its exact version as the product prints it, and module details. */
public record ProductFact(String product, String version, Map<String, String> details) {
  public ProductFact {
    details = Map.copyOf(details);
  }
}
