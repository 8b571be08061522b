package dev.mailharden.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A mailharden run in its own process, held at a named step by the controller's test-only
 * hold (MAILHARDEN_TEST_HOLD_AT, see dev.mailharden.core.txn.StepHold): the step is
 * journaled, the controller waits, and the test kills it, cuts its connection or edits a
 * host's file before letting it go on.
 */
final class HeldRun {

  private final Process process;
  private final Path state;
  private final Path release;
  private final Path log;
  private final Set<String> runsBefore;

  private HeldRun(Process process, Path state, Path release, Path log, Set<String> runsBefore) {
    this.process = process;
    this.state = state;
    this.release = release;
    this.log = log;
    this.runsBefore = runsBefore;
  }

  /** Starts {@code args} (an apply) to be held at the first step starting with {@code at}. */
  static HeldRun start(Path state, Path log, String at, String... args) throws IOException {
    Path release = Files.createTempFile(state, "hold-", "");
    Files.delete(release);
    Set<String> before = runs(state);
    Process p = Cli.start(state, log, Map.of("MAILHARDEN_TEST_HOLD_AT", at,
        "MAILHARDEN_TEST_HOLD_FILE", release.toString()), args);
    return new HeldRun(p, state, release, log, before);
  }

  /** Waits until the controller holds; returns the step it holds at. */
  String awaitHeld() throws Exception {
    Path held = Path.of(release + ".held");
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(held) && !Files.readString(held).isEmpty()) {
        return Files.readString(held);
      }
      if (!process.isAlive()) {
        throw new AssertionError("the run ended before it was held:\n" + output());
      }
      Thread.sleep(100);
    }
    process.destroyForcibly().waitFor();
    throw new AssertionError("the run was never held:\n" + output());
  }

  /** The run's id: the journal directory it created. */
  String runId() throws IOException {
    List<String> created = new ArrayList<>(runs(state));
    created.removeAll(runsBefore);
    if (created.size() != 1) {
      throw new AssertionError("expected one new run journal, found " + created);
    }
    return created.get(0);
  }

  /** SIGKILL: the controller gets no chance to restore or unlock anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Lets the held run go on, and waits for its exit status. */
  int releaseAndWait() throws Exception {
    Files.createFile(release);
    if (!process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the released run did not end:\n" + output());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static Set<String> runs(Path state) throws IOException {
    Path dir = state.resolve("runs");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** Of {@code ports}, those that accept a TCP connection at {@code address} now. */
  static List<Integer> answering(String address, List<Integer> ports) {
    List<Integer> open = new ArrayList<>();
    for (int port : ports) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address, port), 2000);
        open.add(port);
      } catch (IOException e) {
        // Not answering: left out.
      }
    }
    return open;
  }
}
