package dev.mailharden.core.fleet;

/** Where a fleet run reports hosts starting and finishing (stderr on a terminal, or nothing). */
public interface Progress {
  Progress NONE = new Progress() {
    @Override
    public void step(String host, String step) {}

    @Override
    public void done(HostOutcome<?> outcome, int finished, int total) {}
  };

  /** A run (or batch) of {@code total} hosts starts. */
  default void started(int total) {}

  void step(String host, String step);

  void done(HostOutcome<?> outcome, int finished, int total);
}
