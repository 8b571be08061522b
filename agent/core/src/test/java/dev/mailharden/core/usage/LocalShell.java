package dev.mailharden.core.usage;

import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** This machine's sh as a host: runs the reader's real script on real (copied) log files. */
public final class LocalShell implements RemoteShell {

  @Override
  public String hostName() {
    return "localhost";
  }

  @Override
  public String address() {
    return "127.0.0.1";
  }

  @Override
  public ExecResult exec(String command) {
    return exec(command, Duration.ofSeconds(30));
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    StringBuilder out = new StringBuilder();
    ExecResult r = stream(command, timeout, l -> out.append(l).append('\n'));
    return new ExecResult(r.exitStatus(), out.toString(), r.stderr(), r.timedOut());
  }

  @Override
  public ExecResult exec(String command, byte[] stdin) {
    StringBuilder out = new StringBuilder();
    ExecResult r = run(command, stdin, Duration.ofSeconds(30), l -> out.append(l).append('\n'));
    return new ExecResult(r.exitStatus(), out.toString(), r.stderr(), r.timedOut());
  }

  @Override
  public ExecResult stream(String command, Duration timeout, Consumer<String> lines) {
    return run(command, new byte[0], timeout, lines);
  }

  private static ExecResult run(String command, byte[] stdin, Duration timeout,
      Consumer<String> lines) {
    try {
      Process p = new ProcessBuilder("sh", "-c", command).start();
      // Fed from its own thread: a command may write before it reads.
      Thread feeder = new Thread(() -> {
        try (var in = p.getOutputStream()) {
          in.write(stdin);
        } catch (IOException e) {
          // The command ended without reading all of it: its exit status tells.
        }
      });
      feeder.start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.accept(l);
        }
      }
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      return new ExecResult(done ? p.exitValue() : -1, "", err, !done);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
