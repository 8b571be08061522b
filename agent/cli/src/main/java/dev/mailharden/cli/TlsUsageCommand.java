package dev.mailharden.cli;

import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.fleet.FleetRunner;
import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.module.ProductModules;
import dev.mailharden.core.report.UsageText;
import dev.mailharden.core.usage.HostUsage;
import dev.mailharden.core.usage.LogSources;
import dev.mailharden.core.usage.UsageReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "tls-usage",
    mixinStandardHelpOptions = true,
    description = {
      "Which clients use which TLS version and cipher on each mail port, from the hosts' own"
          + " mail logs (log files, rotated and .gz ones too, or the journal), read over SSH"
          + " and summarised as they stream in. Read-only: changes nothing. Counts sessions"
          + " per port, client address (and HELO name where the log has it), protocol and"
          + " cipher, plus sessions without TLS and logins tried without TLS.",
      "",
      "The products log TLS details only with TLS logging on; the profiles turn it on"
          + " (Postfix smtpd_tls_loglevel, Dovecot's login_log_format_elements). `apply"
          + " --check` adds, per host, the clients the planned profile would refuse.",
      "",
      "Examples:",
      "  mailharden tls-usage -i inventory.yml",
      "  mailharden tls-usage -i inventory.yml --since 30d --limit mx1 --json > usage.json",
    })
final class TlsUsageCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory;
  @Mixin SshOptions ssh;

  @Option(names = "--since", paramLabel = "WINDOW", defaultValue = "7d",
      description = "How far back to read: Nd, Nh or Nm. Default: ${DEFAULT-VALUE}.")
  String since;

  @Option(names = "--json", description = "Print JSON on stdout instead of tables.")
  boolean json;

  @Spec CommandSpec spec;

  /** Reading a big log can take a while; the wait is bounded all the same. */
  static final Duration READ_TIMEOUT = Duration.ofMinutes(30);

  @Override
  public Integer call() throws Exception {
    UsageReader reader = new UsageReader(LogSources.of(ProductModules.installed()),
        UsageReader.window("--since", since), READ_TIMEOUT);
    PrintWriter out = spec.commandLine().getOut();
    List<HostOutcome<HostUsage>> outcomes;
    try (SshTransport transport = ssh.transport()) {
      outcomes = new FleetRunner(transport, ssh.forks,
          StderrProgress.choose(spec.commandLine().getErr(), json))
          .run(inventory.connectionSpecs(), conn -> HostUsage.read(conn, reader, null));
    }
    if (json) {
      Map<String, Object> hosts = new LinkedHashMap<>();
      for (HostOutcome<HostUsage> o : outcomes) {
        hosts.put(o.host(), o.result().<Object>map(UsageText::json)
            .orElse(Map.of("error", o.message())));
      }
      out.println(ReportJson.text(Map.of("hosts", hosts)));
    } else {
      for (HostOutcome<HostUsage> o : outcomes) {
        out.print(o.result().map(h -> UsageText.usage(o.host(), h.usage()))
            .orElse(o.host() + ": " + o.status().name().toLowerCase(java.util.Locale.ROOT)
                + "\n  " + o.message() + "\n"));
      }
    }
    return outcomes.stream().allMatch(o -> o.status() == HostOutcome.Status.OK)
        ? ExitCodes.OK : ExitCodes.HOST_FAILED;
  }
}
