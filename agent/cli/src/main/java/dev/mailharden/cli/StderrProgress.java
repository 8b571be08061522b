package dev.mailharden.cli;

import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** One line per finished host on stderr: "[3/10] mx1: ok". */
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
    err.printf("[%d/%d] %s: %s%n", finished, total, outcome.host(),
        outcome.status().name().toLowerCase(Locale.ROOT));
    err.flush();
  }
}
