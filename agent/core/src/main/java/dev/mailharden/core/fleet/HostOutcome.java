package dev.mailharden.core.fleet;

import java.util.Optional;

/** How one host ended: its result, or why there is none. */
public record HostOutcome<R>(String host, Status status, Optional<R> result, String message) {

  /** Ansible's result vocabulary, as far as a run of this kind can end. */
  public enum Status {
    OK,
    FAILED,
    UNREACHABLE,
    /** The host's own input was wrong (a path missing on it): nothing was changed there. */
    BAD_INPUT,
    /** Never started: an earlier batch failed beyond --max-fail-percentage. */
    SKIPPED
  }

  public static <R> HostOutcome<R> ok(String host, R result) {
    return new HostOutcome<>(host, Status.OK, Optional.of(result), "");
  }

  public static <R> HostOutcome<R> failed(String host, Status status, String message) {
    return new HostOutcome<>(host, status, Optional.empty(), message);
  }
}
