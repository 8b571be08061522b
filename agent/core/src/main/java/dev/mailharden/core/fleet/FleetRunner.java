package dev.mailharden.core.fleet;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.connect.SshTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a job on many hosts at once, at most {@code forks} in parallel, one SSH connection
 * per host. A host that fails or cannot be reached is reported; the others go on.
 */
public final class FleetRunner {

  private final SshTransport transport;
  private final int forks;
  private final Progress progress;

  public FleetRunner(SshTransport transport, int forks, Progress progress) {
    if (forks < 1) {
      throw new IllegalArgumentException("forks must be at least 1");
    }
    this.transport = transport;
    this.forks = forks;
    this.progress = progress;
  }

  /** Outcomes in the order of {@code hosts}, whatever order they finished in. */
  public <R> List<HostOutcome<R>> run(List<ConnectionSpec> hosts, HostJob<R> job)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, Math.max(1, hosts.size())));
    AtomicInteger finished = new AtomicInteger();
    progress.started(hosts.size());
    try {
      List<Future<HostOutcome<R>>> futures = new ArrayList<>();
      for (ConnectionSpec spec : hosts) {
        futures.add(pool.submit(() -> {
          HostOutcome<R> outcome = runOne(spec, job);
          progress.done(outcome, finished.incrementAndGet(), hosts.size());
          return outcome;
        }));
      }
      List<HostOutcome<R>> outcomes = new ArrayList<>();
      for (Future<HostOutcome<R>> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("host job crashed", e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Ansible's rolling rollout: batches of {@code batchSize} hosts, one after the other; once
   * more than {@code maxFailPercentage}% of the hosts started so far count as failed, the
   * remaining hosts are not started and reported {@code SKIPPED}.
   */
  public <R> List<HostOutcome<R>> runInBatches(List<ConnectionSpec> hosts, int batchSize,
      int maxFailPercentage, java.util.function.Predicate<HostOutcome<R>> failed, HostJob<R> job)
      throws InterruptedException {
    List<HostOutcome<R>> outcomes = new ArrayList<>();
    int failures = 0;
    for (int from = 0; from < hosts.size(); from += batchSize) {
      if (from > 0 && failures * 100 > maxFailPercentage * from) {
        for (ConnectionSpec skipped : hosts.subList(from, hosts.size())) {
          outcomes.add(HostOutcome.failed(skipped.inventoryName(), HostOutcome.Status.SKIPPED,
              "not started: " + failures + " of " + from + " hosts failed, more than"
                  + " --max-fail-percentage " + maxFailPercentage));
        }
        break;
      }
      List<HostOutcome<R>> batch =
          run(hosts.subList(from, Math.min(hosts.size(), from + batchSize)), job);
      failures += (int) batch.stream().filter(failed).count();
      outcomes.addAll(batch);
    }
    return outcomes;
  }

  private <R> HostOutcome<R> runOne(ConnectionSpec spec, HostJob<R> job) {
    String host = spec.inventoryName();
    progress.step(host, "connecting");
    try (HostConnection conn = transport.connect(spec)) {
      return HostOutcome.ok(host, job.run(conn));
    } catch (ConnectionException e) {
      HostOutcome.Status status = e.kind() == ConnectionException.Kind.UNREACHABLE
          ? HostOutcome.Status.UNREACHABLE : HostOutcome.Status.FAILED;
      return HostOutcome.failed(host, status, e.getMessage());
    } catch (BadInputException e) {
      return HostOutcome.failed(host, HostOutcome.Status.BAD_INPUT, e.getMessage());
    } catch (Exception e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      return HostOutcome.failed(host, HostOutcome.Status.FAILED,
          m.startsWith(host + ":") ? m : host + ": " + m);
    }
  }
}
