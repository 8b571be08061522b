package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.facts.FactGatherer;
import dev.mailharden.core.fleet.FleetRunner;
import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.txn.Rollback;
import dev.mailharden.core.txn.RunJournal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Restore the hosts of a past run to their state before it: every file it wrote comes"
          + " back byte for byte with its owner, group and mode, files it created are removed,"
          + " services are reloaded and checked. Works for runs that were interrupted too.",
      "A file changed by someone else since the run is not overwritten without --force.",
      "",
      "  mailharden runs",
      "  mailharden rollback -i inventory.yml --run 20261128T141500Z-1a2b",
    })
final class RollbackCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory;
  @Mixin SshOptions ssh;

  @Option(names = "--run", required = true, paramLabel = "ID", description = "The run to undo.")
  String runId;

  @Option(names = "--force", description = "Restore even files changed since the run.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunJournal journal;
    try {
      journal = RunJournal.open(runId);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--run", e.getMessage());
    }
    Set<String> inRun = Set.copyOf(journal.hosts());
    List<ConnectionSpec> hosts = inventory.connectionSpecs().stream()
        .filter(c -> inRun.contains(c.inventoryName())).toList();
    if (hosts.isEmpty()) {
      throw new BadInputException("--run " + runId, "none of the selected hosts was changed"
          + " by this run (it changed: " + String.join(", ", inRun) + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    FactGatherer hostFacts = new FactGatherer(List.of());
    List<HostOutcome<Rollback.Result>> outcomes;
    try (SshTransport transport = ssh.transport()) {
      outcomes = new FleetRunner(transport, ssh.forks,
          StderrProgress.choose(spec.commandLine().getErr(), false)).run(hosts, conn ->
          Rollback.run(conn, journal, hostFacts.gather(conn).initSystem(), force));
    }
    boolean all = true;
    for (HostOutcome<Rollback.Result> o : outcomes) {
      boolean restored = o.result().map(Rollback.Result::restored).orElse(false);
      all &= restored;
      out.println(o.host() + ": " + (restored ? "rolled_back" : "NOT rolled back"));
      o.result().ifPresent(r -> r.steps().forEach(s -> out.println("  - " + s)));
      String why = o.result().map(Rollback.Result::message).orElse(o.message());
      if (!why.isEmpty()) {
        out.println("  " + why);
      }
    }
    return all ? ExitCodes.OK : ExitCodes.HOST_FAILED;
  }
}
