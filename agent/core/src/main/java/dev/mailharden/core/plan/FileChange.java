package dev.mailharden.core.plan;

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

  public String diff() {
    return UnifiedDiff.of(path, before == null ? "" : before, after);
  }
}
