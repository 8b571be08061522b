package dev.mailharden.core.probe;

/** One check of a probe report against a policy. */
public record Finding(String check, boolean passed, String reason) {

  static Finding pass(String check, String reason) {
    return new Finding(check, true, reason);
  }

  static Finding fail(String check, String reason) {
    return new Finding(check, false, reason);
  }

  static Finding of(String check, boolean passed, String reason) {
    return new Finding(check, passed, reason);
  }
}
