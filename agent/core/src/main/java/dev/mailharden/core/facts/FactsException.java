package dev.mailharden.core.facts;

/** A host answered, but not with facts we can read. */
public class FactsException extends Exception {
  public FactsException(String message) {
    super(message);
  }
}
