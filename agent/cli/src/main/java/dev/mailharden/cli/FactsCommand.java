package dev.mailharden.cli;

import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.facts.CertificateNotes;
import dev.mailharden.core.facts.FactGatherer;
import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.fleet.FleetRunner;
import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import dev.mailharden.core.inventory.InventoryJson;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.module.ProductModules;
import dev.mailharden.core.probe.ServiceAnswers;
import dev.mailharden.core.txn.ApplianceRun;
import dev.mailharden.core.report.FactsTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "facts",
    mixinStandardHelpOptions = true,
    description = {
      "Detect each host's OS, init system, mail products (with exact versions and the details"
          + " hardening needs) and listening mail ports. Read-only: changes nothing.",
      "Each mail port's certificate is fetched once and reported when it differs from every"
          + " file the products' configurations name (renewed on disk, daemon not reloaded),"
          + " is self-signed, or expires within 30 days.",
      "Appliances (ansible_connection: network_cli, e.g. ansible_network_os: asyncos) are"
          + " read through their CLI: product, version and the mail ports that answer.",
      "",
      "Examples:",
      "  mailharden facts -i inventory.yml",
      "  mailharden facts -i hosts.ini --limit 'mta:!mx3*' --json > facts.json",
    })
final class FactsCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory;
  @Mixin SshOptions ssh;

  @Option(names = "--json", description = "Print JSON on stdout instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<InventoryOptions.Selected> selected = inventory.selected();
    List<ConnectionSpec> hosts = selected.stream().map(InventoryOptions.Selected::connection)
        .toList();
    Map<String, ApplianceModule> appliances = InventoryOptions.appliances(selected);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = StderrProgress.choose(err, json);
    List<HostOutcome<HostFacts>> outcomes;
    try (SshTransport transport = ssh.transport()) {
      FactGatherer gatherer = new FactGatherer(ProductModules.installed());
      outcomes = new FleetRunner(transport, ssh.forks, progress).run(hosts, conn ->
          appliances.containsKey(conn.hostName())
              ? new ApplianceRun(conn, appliances.get(conn.hostName())).facts()
              : withCertificateNotes(gatherer.gather(conn)));
    }
    if (json) {
      out.println(ReportJson.text(Map.of("hosts", outcomes, "inventory", InventoryJson.of(
              selected.stream().map(InventoryOptions.Selected::host).toList()))));
    } else {
      out.print(FactsTable.render(outcomes));
    }
    return outcomes.stream().allMatch(o -> o.status() == HostOutcome.Status.OK)
        ? ExitCodes.OK : ExitCodes.HOST_FAILED;
  }

  /** One handshake per mail port, its certificate compared with the configured files. */
  private static HostFacts withCertificateNotes(HostFacts f) {
    return f.withCertificateNotes(CertificateNotes.of(f,
        ServiceAnswers.servedNow(f.address(), f.portsAtAddress()), Instant.now()));
  }
}
