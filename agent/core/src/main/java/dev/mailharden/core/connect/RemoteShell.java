package dev.mailharden.core.connect;

import java.time.Duration;
import java.util.function.Consumer;

/** What modules and fact gathering need from a host: commands with deadlines. */
public interface RemoteShell {

  String hostName();

  /** The address mailharden reaches the host at (also where its services are checked). */
  String address();

  /** Runs with the connection's default command timeout. */
  ExecResult exec(String command) throws ConnectionException;

  ExecResult exec(String command, Duration timeout) throws ConnectionException;

  /**
   * Runs with the default timeout and {@code stdin} as the command's standard input: how
   * file contents travel (never in the command line, where {@code ps} and sudo's log show
   * it and the argument-size ceiling limits it). The command must start no daemon.
   */
  ExecResult exec(String command, byte[] stdin) throws ConnectionException;

  /**
   * Runs a read-only command (one that starts no daemon) and hands its standard output to
   * {@code lines} line by line as it arrives; stdout in the result is empty.
   */
  ExecResult stream(String command, Duration timeout, Consumer<String> lines)
      throws ConnectionException;
}
