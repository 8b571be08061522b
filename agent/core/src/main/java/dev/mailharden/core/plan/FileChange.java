package dev.mailharden.core.plan;

import dev.mailharden.core.report.Redactor;

/**
 * A whole-file edit: the content read from the host and the content the plan wants.
 * {@code before} is null for a file the run creates.
 */
public record FileChange(String path, String before, String after, String mode) {

  public boolean changed() {
    return !after.equals(before);
  }

  public boolean creates() {
    return before == null;
  }

  /** The unified diff, secrets redacted: it goes to the terminal and the JSON report. */
  public String diff() {
    return Redactor.redact(UnifiedDiff.of(path, before == null ? "" : before, after));
  }
}
