package dev.mailharden.core.plan;

/** A host's state could not be read or planned for a reason other than bad input. */
public class PlanException extends Exception {
  public PlanException(String message) {
    super(message);
  }
}
