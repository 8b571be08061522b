package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.fleet.FleetRunner;
import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.fleet.Progress;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.module.ProductModules;
import dev.mailharden.core.txn.ApplianceRun;
import dev.mailharden.core.names.NameTarget;
import dev.mailharden.core.plan.DhGroupStore;
import dev.mailharden.core.plan.DhSource;
import dev.mailharden.core.outbound.OutboundCheck;
import dev.mailharden.core.outbound.OutboundListener;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.HostPlanner;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Play;
import dev.mailharden.core.playbook.Playbook;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.report.ApplyReport;
import dev.mailharden.core.report.UsageText;
import dev.mailharden.core.usage.HostUsage;
import dev.mailharden.core.usage.LogSources;
import dev.mailharden.core.usage.UsageReader;
import dev.mailharden.core.txn.ApplyResult;
import dev.mailharden.core.txn.RunJournal;
import dev.mailharden.core.txn.Transaction;
import dev.mailharden.core.fleet.Batches;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Harden every host of the inventory with a playbook's profile: plan version-correct"
          + " edits, back up, write atomically, validate with each product's own checker and"
          + " reload. A failed write, check or reload restores the previous files.",
      "",
      "Read the plan first, in check mode (nothing is changed on any host). It also reads"
          + " each host's mail logs (as `mailharden tls-usage` does) and lists the clients"
          + " the profile would refuse: TLS versions below its floor, ciphers outside its list,"
          + " sessions without TLS where it makes TLS mandatory:",
      "  mailharden apply -i inventory.yml --check --diff",
      "  mailharden apply -i inventory.yml playbooks/modern.yml --check --usage-since 30d",
      "Then apply it:",
      "  mailharden apply -i inventory.yml",
      "  mailharden apply -i inventory.yml playbooks/modern.yml --limit mx1",
      "  mailharden apply -i inventory.yml --json run.json   (results, diffs, findings)",
      "",
      "Name checks: for each host whose inventory gives mailharden_public_address, the report"
          + " also judges its names as the plan leaves the host: MX of mailharden_mail_domains"
          + " and A/AAAA of the host name without CNAMEs, a PTR that resolves back, the HELO"
          + " name equal to the PTR name, server (tls_cert) and client certificates naming the"
          + " MX and PTR, neither self-signed nor expiring within 30 days (reported; they do"
          + " not change the exit code). DNS is asked of"
          + " mailharden_dns_resolver (ADDRESS[:PORT]) or the system's resolver. Our playbooks"
          + " set the sending identity from mailharden_helo_name, mailharden_client_cert and"
          + " mailharden_client_key (play vars helo_name, client_cert, client_key):",
      "  mailharden apply -i inventory.yml --check",
      "  with host_vars/mx1.example.com.yml:",
      "    mailharden_public_address: 192.0.2.25",
      "    mailharden_mail_domains: [example.com]",
      "    mailharden_helo_name: mx1.example.com",
      "",
      "Outbound check: with --outbound ADDRESS, each host whose MTA changed sends one"
          + " message (null sender) to a listener mailharden runs on ADDRESS:25; the MTA must"
          + " use STARTTLS and offer no version the profile refuses, or the host is rolled"
          + " back. The listener discards the message; nothing stays queued:",
      "  mailharden apply -i inventory.yml --outbound 192.0.2.10",
      "",
      "Appliances (inventory: ansible_connection: network_cli, ansible_network_os: asyncos)"
          + " are changed through their CLI: --check --diff shows the settings before and"
          + " after and the dialogue that would be typed; apply walks it prompt by prompt,"
          + " commits once, reads back, probes the SMTP port and on failure commits the"
          + " previous values again.",
    })
final class ApplyCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory;
  @Mixin SshOptions ssh;
  @Mixin OutboundOptions outboundOptions;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK",
      description = "Playbook (default: playbooks/bettercrypto.yml of this installation).")
  Path playbook;

  @Option(names = {"-C", "--check"}, description = "Plan only: connect, read, show what would"
      + " change. Nothing is written on any host.")
  boolean check;

  @Option(names = {"-D", "--diff"}, description = "Show unified diffs of every file change.")
  boolean diff;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the results, with diffs, as JSON to FILE.")
  Path json;

  @Option(names = "--serial", paramLabel = "N|P%",
      description = "Rolling rollout: hosts in batches of N (or P%% of the hosts); a batch"
          + " starts only when the one before has finished. Default: all at once.")
  String serial;

  @Option(names = "--max-fail-percentage", paramLabel = "P", defaultValue = "100",
      converter = NumberRanges.Percentage.class,
      description = "Stop before the next batch once more than P%% of the hosts so far failed"
          + " (failed, rolled back or unreachable). Default: ${DEFAULT-VALUE}.")
  int maxFailPercentage;

  @Option(names = "--usage-since", paramLabel = "WINDOW", defaultValue = "7d",
      description = "With --check: how far back the mail logs are read for the clients the"
          + " profile would refuse (Nd, Nh or Nm). Default: ${DEFAULT-VALUE}.")
  String usageSince;

  @Spec CommandSpec spec;

  /** Per host in check mode: the logged clients and whom the profile would refuse. */
  private final Map<String, HostUsage> usages = new java.util.concurrent.ConcurrentHashMap<>();
  /** Per host in check mode: why its logs could not be read (the plan still stands). */
  private final Map<String, String> usageErrors =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** SSH commands per host, for the JSON report and the fleet benchmark. */
  private final Map<String, Integer> roundTrips = new java.util.concurrent.ConcurrentHashMap<>();

  /** One host's play values and connection, all resolved before any connection. */
  private record Target(ConnectionSpec connection, Play play, HostValues values,
      java.util.Optional<NameTarget> names,
      java.util.Optional<ApplianceModule> appliance) {}

  @Override
  public Integer call() throws Exception {
    Path book = playbook != null ? playbook : Installation.home().resolve(
        "playbooks/bettercrypto.yml");
    Playbook pb = Playbook.load(book, profilesFor(book), inventory.vault());
    List<Target> targets = targets(pb);
    PrintWriter out = spec.commandLine().getOut();
    String runId = runId();
    // Kept DH groups; a size never generated here starts now, while hosts are read.
    DhGroupStore dhStore = DhGroupStore.standard();
    DhSource dh = check ? DhSource.keptOrPlaceholder(dhStore) : DhSource.kept(dhStore,
        pb.plays().stream().map(p -> p.profile().dh()).filter(Profile.DhPolicy::generated)
            .collect(java.util.stream.Collectors.toMap(Profile.DhPolicy::bits,
                Profile.DhPolicy::renewAfterDays, Math::min)),
        note -> spec.commandLine().getErr().println("mailharden: " + note));
    HostPlanner planner = new HostPlanner(ProductModules.installed(), dh);
    UsageReader usageReader = check ? new UsageReader(LogSources.of(ProductModules.installed()),
        UsageReader.window("--usage-since", usageSince), TlsUsageCommand.READ_TIMEOUT) : null;
    Map<String, Target> byHost = new HashMap<>();
    targets.forEach(t -> byHost.put(t.connection().inventoryName(), t));
    RunJournal journal = check ? null : RunJournal.create(runId, Map.of(
        "playbook", book.toAbsolutePath().toString(),
        "inventory", inventory.sources().stream().map(p -> p.toAbsolutePath().toString())
            .toList(),
        "hosts", targets.stream().map(t -> t.connection().inventoryName()).toList()));
    List<HostOutcome<ApplyResult>> outcomes;
    Progress progress = StderrProgress.choose(spec.commandLine().getErr(), json != null);
    try (SshTransport transport = ssh.transport();
        OutboundListener listener = check ? null : outboundOptions.start().orElse(null)) {
      OutboundCheck outbound = listener == null ? null
          : new OutboundCheck(listener, ProductModules.installed());
      outcomes = new FleetRunner(transport, ssh.forks, progress)
          .runInBatches(targets.stream().map(Target::connection).toList(),
              Batches.parse(serial, targets.size()), maxFailPercentage, o -> !succeeded(o),
              conn -> {
                Target t = byHost.get(conn.hostName());
                progress.step(conn.hostName(), "reading facts and files, planning");
                if (t.appliance().isPresent()) {
                  ApplianceRun run = new ApplianceRun(conn, t.appliance().get())
                      .reportingTo(step -> progress.step(conn.hostName(), step));
                  ApplyResult r = check ? run.check(t.play().profile())
                      : run.apply(t.play().profile(), ProbeOptions.defaults(), journal);
                  roundTrips.put(conn.hostName(), conn.commandsRun());
                  return r;
                }
                HostPlan plan = planner.plan(conn, t.play().profile(), t.values(), t.names());
                ApplyResult r = check ? new ApplyResult(plan, plan.changed()
                    ? ApplyResult.Status.CHANGED : ApplyResult.Status.OK, List.of(), "")
                    : new Transaction(conn, plan, t.play().profile(), ProbeOptions.defaults(),
                        journal).reportingTo(step -> progress.step(conn.hostName(), step))
                        .checkingOutbound(outbound).apply();
                if (check) {
                  readUsage(conn, usageReader, t.play().profile());
                }
                roundTrips.put(conn.hostName(), conn.commandsRun());
                return r;
              });
    }
    if (journal != null) {
      spec.commandLine().getErr().println("run " + runId + " journaled in "
          + RunJournal.runsDir().resolve(runId) + " (mailharden rollback --run " + runId + ")");
    }
    out.print(ApplyReport.render(outcomes, check, diff));
    if (check) {
      out.print(usageReport(outcomes));
    }
    if (json != null) {
      writeJson(runId, outcomes);
    }
    if (outcomes.stream().anyMatch(o -> o.status() == HostOutcome.Status.BAD_INPUT)) {
      return ExitCodes.BAD_INPUT;
    }
    return outcomes.stream().allMatch(ApplyCommand::succeeded) ? ExitCodes.OK
        : ExitCodes.HOST_FAILED;
  }

  private void readUsage(dev.mailharden.core.connect.HostConnection conn, UsageReader reader,
      dev.mailharden.core.playbook.Profile profile) {
    try {
      usages.put(conn.hostName(), HostUsage.read(conn, reader, profile));
    } catch (dev.mailharden.core.connect.ConnectionException e) {
      usageErrors.put(conn.hostName(), e.getMessage());
    }
  }

  private String usageReport(List<HostOutcome<ApplyResult>> outcomes) {
    StringBuilder b = new StringBuilder("\nCLIENTS THE PROFILE WOULD REFUSE (from the mail logs)\n");
    for (HostOutcome<ApplyResult> o : outcomes) {
      if (usages.containsKey(o.host())) {
        b.append(UsageText.impact(o.host(), usages.get(o.host())));
      } else if (usageErrors.containsKey(o.host())) {
        b.append(o.host()).append(": logs not read: ").append(usageErrors.get(o.host()))
            .append('\n');
      }
    }
    return b.toString();
  }

  /** ok or changed; anything else (failed, rolled back, unreachable, ...) counts as failed. */
  private static boolean succeeded(HostOutcome<ApplyResult> o) {
    return o.result().map(r -> r.status() == ApplyResult.Status.OK
        || r.status() == ApplyResult.Status.CHANGED).orElse(false);
  }

  /** Each selected host with the first play whose host pattern names it. */
  private List<Target> targets(Playbook pb) throws BadInputException {
    List<Target> targets = new ArrayList<>();
    for (InventoryOptions.Selected host : inventory.selected()) {
      Play play = null;
      for (Play p : pb.plays()) {
        if (host.matches(p.hosts())) {
          play = p;
          break;
        }
      }
      if (play != null) {
        targets.add(new Target(host.connection(), play, play.valuesFor(host.host()),
            NameTarget.of(host.host()), host.appliance()));
      }
    }
    if (targets.isEmpty()) {
      throw new BadInputException(pb.file(), 0, "no play of this playbook matches any host"
          + " selected from " + inventory.sources().stream().map(Path::toString)
              .collect(java.util.stream.Collectors.joining(", ")));
    }
    return targets;
  }

  /** Profiles beside the playbook (a copied playbook may bring its own), else ours. */
  private static Path profilesFor(Path book) {
    Path beside = book.toAbsolutePath().getParent().resolve("profiles");
    return Files.isDirectory(beside) ? beside : Installation.home().resolve("playbooks/profiles");
  }

  private static String runId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
        "yyyyMMdd'T'HHmmss'Z'")) + "-" + Integer.toHexString(
        ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  private void writeJson(String runId, List<HostOutcome<ApplyResult>> outcomes)
      throws java.io.IOException {
    List<Map<String, Object>> hosts = new ArrayList<>();
    for (HostOutcome<ApplyResult> o : outcomes) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("host", o.host());
      h.put("status", ApplyReport.status(o));
      h.put("message", o.message());
      h.put("ssh_round_trips", roundTrips.getOrDefault(o.host(), 0));
      o.result().ifPresent(r -> {
        h.put("products", r.plan().facts().products());
        h.put("files", r.plan().changes().stream().map(FileChange::path).toList());
        h.put("diffs", r.plan().changes().stream().map(FileChange::diff).toList());
        h.put("notes", r.plan().notes());
        h.put("names", r.plan().names());
        h.put("steps", r.steps());
        h.put("failure", r.failure());
      });
      if (usages.containsKey(o.host())) {
        h.put("usage", UsageText.json(usages.get(o.host())));
      } else if (usageErrors.containsKey(o.host())) {
        h.put("usage", Map.of("error", usageErrors.get(o.host())));
      }
      hosts.add(h);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("run", runId);
    doc.put("check", check);
    doc.put("hosts", hosts);
    // Owner-only, as the journal: diffs and failures describe the hosts' configuration.
    RunJournal.writeSynced(json, ReportJson.bytes(doc));
  }
}
