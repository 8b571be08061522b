package dev.mailharden.core.connect;

/** The shell wrappers every remote command goes through. */
final class RemoteScripts {

  /** sudo's own failure lines: the command behind it never ran. */
  private static final String[] SUDO_REFUSALS = {
    "incorrect password attempt", "Sorry, try again", "no password was provided",
    "a password is required", "is not in the sudoers file", "may not run sudo"
  };

  /** The line after which a command's own input starts (sudo's password line before it). */
  static final String INPUT = "@@mailharden-input";

  private RemoteScripts() {}

  /**
   * Runs the command on the channel's stdin from the line after {@link #INPUT} on: the
   * shell's {@code read} takes a byte at a time, so nothing past the marker is consumed.
   */
  static String readingInput(String command) {
    return "while IFS= read -r l && [ \"$l\" != " + INPUT + " ]; do :; done; "
        + "exec sh -c " + Shell.quote(command);
  }

  /**
   * Runs the command with stdin from /dev/null and its output in unlinked temp files, then
   * copies them to the channel, so that nothing the command leaves running holds the channel.
   */
  static String detachedFromChannel(String command) {
    return "o=$(mktemp) && e=$(mktemp) || exit 125; "
        + "( " + "sh -c " + Shell.quote(command) + " ) </dev/null >\"$o\" 2>\"$e\"; r=$?; "
        + "cat \"$o\"; cat \"$e\" >&2; rm -f \"$o\" \"$e\"; exit $r";
  }

  /**
   * sudo reads the password from stdin (-S) with an empty prompt; -k ignores cached
   * credentials so that the password line is always consumed by sudo, not by the command.
   */
  static String sudo(String user, String command) {
    return "sudo -S -k -p '' -u " + Shell.quote(user) + " -- sh -c " + Shell.quote(command);
  }

  static boolean sudoRefused(ExecResult r) {
    if (r.exitStatus() != 1) {
      return false;
    }
    String firstErrLine = firstLine(r.stderr());
    if (!firstErrLine.startsWith("sudo:") && !firstErrLine.startsWith("Sorry")) {
      return false;
    }
    for (String marker : SUDO_REFUSALS) {
      if (r.stderr().contains(marker)) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
