package dev.mailharden.core.txn;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import dev.mailharden.core.probe.ServiceAnswers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a host back to its state before a journaled run: the run's backups on the host are
 * restored, files it created removed, services reloaded and checked. A file someone changed
 * since the run wrote it is not overwritten unless forced.
 */
public final class Rollback {

  /** How a host's rollback ended. */
  public record Result(String host, boolean restored, List<String> steps, String message) {}

  private Rollback() {}

  public static Result run(RemoteShell host, RunJournal journal, String initSystem,
      boolean force) throws ConnectionException {
    RunJournal.HostRecord rec = journal.record(host.hostName());
    HostRunDir dir = new HostRunDir(host, journal.id());
    List<String> steps = new ArrayList<>();
    ExecResult manifest = host.exec("cat " + Shell.quote(dir.path() + "/manifest"));
    if (!manifest.ok() || manifest.stdout().isBlank()) {
      return new Result(host.hostName(), false, steps, "run " + journal.id()
          + " left no backups on this host (" + dir.path() + "/manifest): nothing to restore");
    }
    Map<String, String> expected = new HashMap<>();
    rec.files().forEach(f -> expected.put(f.path(), f.sha256After()));
    List<String> conflicts = new ArrayList<>();
    for (String line : manifest.stdout().split("\n")) {
      String[] f = line.split("\\|", 3);
      String want = f.length < 3 ? null : expected.get(f[2]);
      if (want == null) {
        continue;
      }
      String now = host.exec("sha256sum " + Shell.quote(f[2]) + " 2>/dev/null | cut -d' ' -f1")
          .stdout().strip();
      if (!now.equals(want)) {
        conflicts.add(f[2] + (now.isEmpty() ? " is gone" : " was changed since the run"));
      }
    }
    if (!conflicts.isEmpty() && !force) {
      return new Result(host.hostName(), false, steps, "refusing to roll back: "
          + String.join("; ", conflicts) + ". Check what changed; --force restores the"
          + " pre-run files anyway");
    }
    conflicts.forEach(c -> steps.add("forced over: " + c));
    Optional<String> locked = dir.lock();
    if (locked.isPresent()) {
      return new Result(host.hostName(), false, steps, locked.get());
    }
    try {
      ExecResult restored = host.exec(dir.restoreScript());
      if (!restored.ok()) {
        return new Result(host.hostName(), false, steps, "restore FAILED: "
            + restored.stderr().strip() + "; backups are in " + dir.path() + " on the host");
      }
      steps.add("restored the files of run " + journal.id() + " from " + dir.path());
      // The run's own action: a service it restarted for new listeners must be restarted
      // to drop them again (Cyrus's master keeps serving only some after a reload).
      for (String service : rec.services()) {
        boolean restart = rec.restarted().contains(service);
        ExecResult r = host.exec(InitSystem.command(initSystem, service, restart));
        steps.add((restart ? "restart " : "reload ") + service
            + (r.ok() ? "" : ": FAILED " + r.stderr().strip()));
      }
      Optional<String> silent = ServiceAnswers.await(host.address(), rec.portsAnsweringBefore(),
          Duration.ofSeconds(30));
      if (silent.isPresent()) {
        return new Result(host.hostName(), false, steps, "files restored, but "
            + silent.get());
      }
      steps.add("services answer");
      journal.outcome(host.hostName(), "rolled_back", "rolled back on demand");
      return new Result(host.hostName(), true, steps, "");
    } finally {
      dir.unlock();
    }
  }
}
