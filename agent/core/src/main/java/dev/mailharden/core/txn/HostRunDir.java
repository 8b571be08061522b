package dev.mailharden.core.txn;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import java.util.Optional;

/**
 * A run's footprint on a host: the host-wide lock, and the root-only directory holding the
 * run's backups and its manifest ({@code backup|key|path}, {@code link|key|path} or
 * {@code created|key|path} per file, {@code dir|key|path} per directory a created file
 * needs, in the order touched), from which the files are restored.
 */
public final class HostRunDir {

  /** Root-only home of each run's backups and manifest on the host. */
  public static final String HOST_DIR = "/var/lib/mailharden/runs";
  /** Two runs never change one host at once. */
  public static final String LOCK = "/var/lib/mailharden/lock";

  private final RemoteShell host;
  private final String runId;
  private final String path;

  public HostRunDir(RemoteShell host, String runId) {
    this.host = host;
    this.runId = runId;
    this.path = HOST_DIR + "/" + runId;
  }

  public String path() {
    return path;
  }

  /**
   * Takes the host's lock (noclobber, so only one run can create it) and creates the run
   * directory. Empty when taken (or already this run's); otherwise who holds it and how to
   * clear a stale lock.
   */
  public Optional<String> lock() throws ConnectionException {
    String info = "run=" + runId + " pid=" + ProcessHandle.current().pid() + " controller="
        + hostnameOfController() + " since=" + java.time.Instant.now();
    ExecResult r = host.exec("umask 077 && mkdir -p " + Shell.quote(path) + " && chmod 700 "
        + "/var/lib/mailharden " + Shell.quote(HOST_DIR) + " " + Shell.quote(path)
        + " && { (set -C; echo " + Shell.quote(info) + " > " + LOCK + ") 2>/dev/null"
        // A run (or its rollback) may take over its own lock, left by a killed controller.
        + " || grep -q " + Shell.quote("run=" + runId + " ") + " " + LOCK
        + " || { cat " + LOCK + "; exit 3; }; }");
    if (r.ok()) {
      return Optional.empty();
    }
    return Optional.of("host is locked by another mailharden run (" + r.stdout().strip()
        + "). If no such run is still active, the lock is stale: remove " + LOCK
        + " on the host, or run `mailharden rollback --run ID` for that run first");
  }

  public void unlock() throws ConnectionException {
    host.exec("grep -q " + Shell.quote("run=" + runId + " ") + " " + LOCK + " && rm -f " + LOCK);
  }

  /**
   * Records the file in the manifest and keeps a copy, once per run. A symlink is kept as
   * the link itself ({@code link|key|path}) and, apart, the file it points at, which is what
   * the write changes.
   */
  public String backup(String file) {
    String key = file.replace("%", "%25").replace("/", "%2F");
    String m = Shell.quote(path + "/manifest");
    String d = Shell.quote(path) + "/";
    return "if ! grep -q " + Shell.quote("|" + key + "|") + " " + m + " 2>/dev/null; then "
        + "f=" + Shell.quote(file) + "; k=" + Shell.quote(key) + "; "
        // "%T" cannot come out of the key's escaping: the target's copy never meets a key.
        // "|| exit 1": set -e ignores a failure inside "&&", and a write without its backup
        // (a full disk) could never be undone.
        + "if [ -L \"$f\" ]; then { cp -P -p \"$f\" " + d + "\"$k\" && echo \"link|$k|$f\" >> "
        + m + "; } || exit 1; f=$(readlink -f \"$f\"); k=\"$k%T\"; fi; "
        + "if [ -f \"$f\" ]; then { cp -p \"$f\" " + d + "\"$k\" && echo \"backup|$k|$f\" >> "
        + m + "; } || exit 1; else "
        // Directories the write will create, outermost first: replayed backwards, removed.
        + "d=$(dirname \"$f\"); n=''; while [ ! -e \"$d\" ]; do n=\"$d\n$n\"; "
        + "d=$(dirname \"$d\"); done; printf '%s' \"$n\" | while IFS= read -r x; do "
        + "echo \"dir|$k%D|$x\" >> " + m + " || exit 1; done || exit 1; "
        + "echo \"created|$k|$f\" >> " + m + " || exit 1; fi; fi\n";
  }

  /**
   * Replays the manifest backwards: each backed-up file is copied back (owner, group and
   * mode kept) and renamed into place, each symlink put back as the link it was; each file
   * and (when empty) directory the run created is removed.
   */
  public String restoreScript() {
    String m = Shell.quote(path + "/manifest");
    return "[ -f " + m + " ] || exit 0; tac " + m + " | while IFS='|' read -r kind key file; do "
        + "case \"$kind\" in "
        + "backup) cp -p " + Shell.quote(path) + "/\"$key\" \"$file.mailharden-restore\" && "
        + "mv -f \"$file.mailharden-restore\" \"$file\" || exit 1;; "
        + "link) cp -P -p " + Shell.quote(path) + "/\"$key\" \"$file.mailharden-restore\" && "
        + "mv -f -T \"$file.mailharden-restore\" \"$file\" || exit 1;; "
        + "created) rm -f \"$file\";; "
        + "dir) rmdir \"$file\" 2>/dev/null || true;; esac; done";
  }

  private static String hostnameOfController() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
