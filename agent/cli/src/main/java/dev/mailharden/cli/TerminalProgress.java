package dev.mailharden.cli;

import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress on an interactive terminal: a line per finished host (kept, like
 * {@link StderrProgress}), under it a live block redrawn in place with hosts done / total and
 * each running host's current step, so a long apply never looks hung.
 */
final class TerminalProgress implements Progress {

  /** Running hosts shown by name; the rest are counted, so the block fits a screen. */
  static final int SHOWN_HOSTS = 8;

  private final PrintWriter err;
  private final int width;
  private final Map<String, String> running = new LinkedHashMap<>();
  private int finished;
  private int total;
  private int drawnLines;

  TerminalProgress(PrintWriter err, int width) {
    this.err = err;
    this.width = width;
  }

  @Override
  public synchronized void started(int total) {
    this.total = total;
    this.finished = 0;
  }

  @Override
  public synchronized void step(String host, String step) {
    // Every step redraws: a fleet makes a few hundred steps, and a skipped redraw would
    // leave a host showing a step it has left.
    running.put(host, step);
    redraw(null);
  }

  @Override
  public synchronized void done(HostOutcome<?> outcome, int finished, int total) {
    running.remove(outcome.host());
    this.finished = finished;
    this.total = total;
    redraw(StderrProgress.line(outcome, finished, total));
  }

  /** Erases the block, prints {@code kept} (if any) for good, then draws the block again. */
  private void redraw(String kept) {
    StringBuilder b = new StringBuilder();
    if (drawnLines > 0) {
      b.append("\033[").append(drawnLines).append("A\r\033[J");
    }
    if (kept != null) {
      b.append(kept).append('\n');
    }
    drawnLines = 0;
    if (!running.isEmpty()) {
      b.append(fit(finished + "/" + total + " hosts done, " + running.size() + " running"))
          .append('\n');
      drawnLines++;
      int shown = 0;
      for (Map.Entry<String, String> r : running.entrySet()) {
        if (shown++ == SHOWN_HOSTS) {
          b.append(fit("  ... and " + (running.size() - SHOWN_HOSTS) + " more")).append('\n');
          drawnLines++;
          break;
        }
        b.append(fit("  " + r.getKey() + ": " + r.getValue())).append('\n');
        drawnLines++;
      }
    }
    err.print(b);
    err.flush();
  }

  /** One screen line: longer text would wrap and break the cursor arithmetic. */
  private String fit(String line) {
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 2)) + "~";
  }
}
