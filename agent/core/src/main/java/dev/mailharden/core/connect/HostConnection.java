package dev.mailharden.core.connect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The one SSH session of a host for the whole run. Every command runs on its own exec
 * channel on this session, with a deadline, and (when the inventory asks) through sudo.
 */
public final class HostConnection implements RemoteShell, AutoCloseable {

  private final ConnectionSpec spec;
  private final ClientSession session;
  private final Duration defaultTimeout;
  private final java.util.concurrent.atomic.AtomicInteger commands =
      new java.util.concurrent.atomic.AtomicInteger();

  HostConnection(ConnectionSpec spec, ClientSession session, Duration defaultTimeout) {
    this.spec = spec;
    this.session = session;
    this.defaultTimeout = defaultTimeout;
  }

  @Override
  public String hostName() {
    return spec.inventoryName();
  }

  @Override
  public String address() {
    return spec.address();
  }

  @Override
  public ExecResult exec(String command) throws ConnectionException {
    return exec(command, defaultTimeout);
  }

  /**
   * Runs a POSIX shell command on the host. Its output goes to temporary files that are then
   * printed: a daemon the command starts inherits those files, not the channel, so the
   * channel closes when the command ends (Dovecot's master otherwise holds it open forever).
   */
  @Override
  public ExecResult exec(String command, Duration timeout) throws ConnectionException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer status = run(RemoteScripts.detachedFromChannel(command, timeout), null, timeout,
        out, err);
    return checked(new ExecResult(status == null ? -1 : status,
        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        status == null));
  }

  /**
   * The same with {@code stdin} fed to the command, after sudo's password line and a marker
   * line: the command skips to the marker, so the password never reaches it even when sudo
   * asked for none.
   */
  @Override
  public ExecResult exec(String command, byte[] stdin) throws ConnectionException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer status = run(RemoteScripts.readingInput(command, defaultTimeout), stdin,
        defaultTimeout, out, err);
    return checked(new ExecResult(status == null ? -1 : status,
        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        status == null));
  }

  /**
   * Runs a read-only command that starts nothing, handing each line of its standard output to
   * {@code lines} as it arrives, so that output of any size is never held on the controller.
   * The SSH window holds the host back while {@code lines} works. The result carries stderr
   * and the exit status, with empty stdout; past the deadline the channel is closed.
   */
  @Override
  public ExecResult stream(String command, Duration timeout, Consumer<String> lines)
      throws ConnectionException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LineOutputStream out = new LineOutputStream(lines);
    Integer status = run(command, null, timeout, out, err);
    out.flushLast();
    return checked(new ExecResult(status == null ? -1 : status, "",
        err.toString(StandardCharsets.UTF_8), status == null));
  }

  /**
   * The exit status, or null when the deadline passed first (the channel is then closed).
   * {@code input} (null: none) follows sudo's password line and {@link RemoteScripts#INPUT}.
   */
  private Integer run(String command, byte[] input, Duration timeout, OutputStream out,
      OutputStream err) throws ConnectionException {
    commands.incrementAndGet();
    String wire = spec.become().enabled() ? RemoteScripts.sudo(spec.become().user(), command)
        : command;
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    if (spec.become().enabled()) {
      stdin.writeBytes((spec.become().password().orElse("") + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    if (input != null) {
      stdin.writeBytes((RemoteScripts.INPUT + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.writeBytes(input);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (ChannelExec channel = session.createExecChannel(wire)) {
      channel.setIn(new ByteArrayInputStream(stdin.toByteArray()));
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(timeout);
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), left);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        channel.close(true);
        return null;
      }
      Integer status = channel.getExitStatus();
      return status == null ? -1 : status;
    } catch (IOException e) {
      if (!session.isOpen()) {
        throw new ConnectionException(
            hostName(), ConnectionException.Kind.CONNECTION_LOST,
            "SSH connection lost while running a command: " + SshTransport.rootMessage(e), e);
      }
      throw new ConnectionException(
          hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "command channel failed: " + SshTransport.rootMessage(e), e);
    }
  }

  /**
   * Opens an interactive CLI session (shell channel with a terminal) for an appliance that
   * has no POSIX shell; {@code promptEnd} recognises the end of a screen waiting for input.
   */
  public CliSession openCli(java.util.regex.Pattern promptEnd) throws ConnectionException {
    commands.incrementAndGet();
    try {
      org.apache.sshd.client.channel.ChannelShell shell = session.createShellChannel();
      shell.setPtyType("vt100");
      shell.setPtyColumns(500);
      shell.open().verify(defaultTimeout);
      return new CliSession(hostName(), shell, promptEnd, defaultTimeout);
    } catch (IOException e) {
      throw new ConnectionException(hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "cannot open a CLI session: " + SshTransport.rootMessage(e), e);
    }
  }

  private ExecResult checked(ExecResult result) throws ConnectionException {
    if (spec.become().enabled() && RemoteScripts.sudoRefused(result)) {
      throw new ConnectionException(
          hostName(),
          ConnectionException.Kind.BECOME_FAILED,
          "sudo to " + spec.become().user() + " as " + spec.user() + " was refused: "
              + RemoteScripts.firstLine(result.stderr())
              + " (check ansible_become_password)");
    }
    return result;
  }

  /** Remote commands run so far on this connection: the run's SSH round trips. */
  public int commandsRun() {
    return commands.get();
  }

  @Override
  public void close() throws IOException {
    session.close();
  }
}
