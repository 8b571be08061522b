package dev.mailharden.core.connect;

/** What one remote command did. Output is decoded as UTF-8. */
public record ExecResult(int exitStatus, String stdout, String stderr, boolean timedOut) {

  public boolean ok() {
    return !timedOut && exitStatus == 0;
  }
}
