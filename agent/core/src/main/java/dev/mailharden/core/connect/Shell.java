package dev.mailharden.core.connect;

/** POSIX shell quoting for the scripts mailharden sends to hosts. */
public final class Shell {

  private Shell() {}

  /** Single quotes, with embedded ones closed, escaped and reopened. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  /** One shell word for {@code s}: as it is when nothing in it is special, else quoted. */
  public static String word(String s) {
    return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : quote(s);
  }
}
