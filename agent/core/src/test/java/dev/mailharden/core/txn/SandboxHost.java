package dev.mailharden.core.txn;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.usage.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A host for the transaction's fast tests: the transaction's real shell scripts run on this
 * machine's sh, on files under a temporary directory. Two things are mapped: the host's
 * state directory (/var/lib/mailharden) lives inside the sandbox, and the service managers
 * (systemctl, service) are stand-ins on PATH that log each call and fail on demand. The
 * connection can be cut at a chosen command, as a dropped SSH session would.
 */
final class SandboxHost implements RemoteShell {

  private static final String HOST_STATE = "/var/lib/mailharden";

  private final Path root;
  private final Path bin;
  private final LocalShell shell = new LocalShell();
  private String cutAt;
  private boolean cut;

  SandboxHost(Path root) throws IOException {
    this.root = root;
    this.bin = Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("var-lib-mailharden"));
    // "systemctl reload postfix" fails while the file fail-reload-postfix exists.
    String manager = "#!/bin/sh\necho \"$*\" >> " + root.resolve("services.log") + "\n"
        + "[ ! -e " + root + "/fail-$(echo \"$*\" | tr ' ' '-') ] || exit 1\n";
    stub("systemctl", manager);
    stub("service", manager);
    // A disk that fills while the new file is flushed.
    stub("sync", "#!/bin/sh\n[ ! -e " + root + "/fail-sync ] || { echo 'sync: No space left on"
        + " device' >&2; exit 1; }\nexec /bin/sync \"$@\"\n");
  }

  private void stub(String name, String script) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, script);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A file under the sandbox, as an absolute host path. */
  Path path(String relative) {
    return root.resolve(relative);
  }

  /** Makes the next command for which {@code name} exists fail: e.g. "reload postfix". */
  void failing(String name) throws IOException {
    Files.writeString(root.resolve("fail-" + name.replace(' ', '-')), "");
  }

  /** The connection drops when a command containing {@code fragment} is sent (not run). */
  void cuttingAt(String fragment) {
    this.cutAt = fragment;
  }

  /** A new connection, as `mailharden rollback` opens. */
  void reconnect() {
    cutAt = null;
    cut = false;
  }

  /** Each service manager call, in order ("reload postfix"). */
  List<String> serviceCalls() throws IOException {
    Path log = root.resolve("services.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  Path hostState() {
    return root.resolve("var-lib-mailharden");
  }

  @Override
  public String hostName() {
    return "mx1";
  }

  /** Nothing listens here: a service check finds every port silent. */
  @Override
  public String address() {
    return "127.0.9.77";
  }

  @Override
  public ExecResult exec(String command) throws ConnectionException {
    return shell.exec(mapped(command));
  }

  @Override
  public ExecResult exec(String command, Duration timeout) throws ConnectionException {
    return shell.exec(mapped(command), timeout);
  }

  @Override
  public ExecResult exec(String command, byte[] stdin) throws ConnectionException {
    return shell.exec(mapped(command), stdin);
  }

  @Override
  public ExecResult stream(String command, Duration timeout, Consumer<String> lines)
      throws ConnectionException {
    return shell.stream(mapped(command), timeout, lines);
  }

  private String mapped(String command) throws ConnectionException {
    if (cut || (cutAt != null && command.contains(cutAt))) {
      cut = true;
      throw new ConnectionException(hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "connection lost (test)");
    }
    return "PATH=" + bin + ":$PATH; export PATH\n"
        + command.replace(HOST_STATE, hostState().toString());
  }
}
