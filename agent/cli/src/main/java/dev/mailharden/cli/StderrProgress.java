package dev.mailharden.cli;

import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** One line per finished host on stderr: "[3/10] mx1: done". */
final class StderrProgress implements Progress {

  private final PrintWriter err;

  StderrProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void step(String host, String step) {
    // Only finished hosts are worth a line in a log; steps show in interactive mode later.
  }

  @Override
  public synchronized void done(HostOutcome<?> outcome, int finished, int total) {
    // "done": the host's own result (ok, changed, ...) is in the report.
    err.printf("[%d/%d] %s: %s%n", finished, total, outcome.host(),
        outcome.status() == HostOutcome.Status.OK ? "done"
            : outcome.status().name().toLowerCase(Locale.ROOT));
    err.flush();
  }
}
