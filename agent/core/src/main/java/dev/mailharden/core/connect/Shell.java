package dev.mailharden.core.connect;

/** POSIX shell quoting for the scripts mailharden sends to hosts. */
public final class Shell {

  private Shell() {}

  /** Single quotes, with embedded ones closed, escaped and reopened. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
