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
   * Runs the command as {@link #detachedFromChannel} does, but on the channel's stdin from the
   * line after {@link #INPUT} on: the shell's {@code read} takes a byte at a time, so nothing
   * past the marker is consumed, and descriptor 3 hands the rest to the command (an
   * asynchronous command's stdin would otherwise be /dev/null).
   */
  static String readingInput(String command, java.time.Duration timeout) {
    return "while IFS= read -r l && [ \"$l\" != " + INPUT + " ]; do :; done; exec 3<&0; "
        + detached(command, timeout, "<&3 3<&-");
  }

  /**
   * Runs the command with stdin from /dev/null and its output in unlinked temp files, then
   * copies them to the channel, so that nothing the command leaves running holds the channel.
   * The command leads its own process group, which a watchdog on the host ends (TERM, then
   * KILL a second later) once {@code timeout} has passed: closing the channel at the
   * deadline alone would leave it running, and a slow write could overlap its own restore.
   */
  static String detachedFromChannel(String command, java.time.Duration timeout) {
    return detached(command, timeout, "</dev/null");
  }

  private static String detached(String command, java.time.Duration timeout, String input) {
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    return "o=$(mktemp) && e=$(mktemp) || exit 125; "
        + "setsid sh -c " + Shell.quote(command) + " " + input + " >\"$o\" 2>\"$e\" & p=$!; "
        // dash's kill takes no "--": "-TERM -PGID" signals the group.
        + "setsid sh -c 'sleep " + seconds + "; kill -TERM -\"$0\"; sleep 1; kill -KILL -\"$0\"'"
        + " \"$p\" </dev/null >/dev/null 2>&1 & w=$!; "
        + "wait $p; r=$?; kill -TERM -\"$w\" 2>/dev/null; "
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
