package dev.mailharden.cli;

import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line per finished host on stderr: "[3/10] mx1: done"; fits logs and pipes. */
final class StderrProgress implements Progress {

  private final PrintWriter err;

  StderrProgress(PrintWriter err) {
    this.err = err;
  }

  /**
   * The progress display a command should use: nothing when {@code quiet} (JSON output),
   * the live display when stderr is a terminal, else a line per finished host.
   */
  static Progress choose(PrintWriter err, boolean quiet) {
    if (quiet) {
      return Progress.NONE;
    }
    return stderrIsTerminal() ? new TerminalProgress(err, terminalWidth()) : new StderrProgress(err);
  }

  /** "[3/10] mx1: done": the host's own result (ok, changed, ...) is in the report. */
  static String line(HostOutcome<?> outcome, int finished, int total) {
    return "[" + finished + "/" + total + "] " + outcome.host() + ": "
        + (outcome.status() == HostOutcome.Status.OK ? "done"
            : outcome.status().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void step(String host, String step) {
    // A log gets finished hosts only; steps are for the live terminal display.
  }

  @Override
  public synchronized void done(HostOutcome<?> outcome, int finished, int total) {
    err.println(line(outcome, finished, total));
    err.flush();
  }

  /** The JDK tells only whether stdin and stdout are a console; stderr is asked of Linux. */
  private static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static int terminalWidth() {
    try {
      return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
