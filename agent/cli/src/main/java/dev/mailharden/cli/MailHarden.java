package dev.mailharden.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: prints usage alone; each job is a subcommand class. */
@Command(
    name = "mailharden",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {FactsCommand.class, ApplyCommand.class, ProbeCommand.class,
        TlsUsageCommand.class, DhCommand.class,
        RunsCommand.class, RollbackCommand.class, CommandLine.HelpCommand.class},
    description = {
      "Hardens the TLS of mail servers (Postfix, Exim, Dovecot, Cyrus IMAP, Cisco AsyncOS)"
          + " over SSH, from an Ansible inventory.",
      "",
      "Typical maintenance window:",
      "  mailharden facts -i inventory.yml               what is installed where",
      "  mailharden tls-usage -i inventory.yml           which clients use which TLS",
      "  mailharden dh generate --bits 2048              a DH group ready before the window",
      "  mailharden apply -i inventory.yml --check --diff  what would change, whom it refuses",
      "  mailharden apply -i inventory.yml               harden (default: bettercrypto)",
      "  mailharden probe -i inventory.yml               how their TLS looks from outside",
      "  mailharden runs                                 past runs and their outcomes",
      "  mailharden rollback -i inventory.yml --run ID   undo a run",
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 a host failed or was rolled back, 2 bad input (nothing was"
          + " changed).",
      "Inventories are Ansible's (YAML, INI, inventory scripts, Vault, ansible.cfg); see"
          + " inventory-examples/.",
    })
public final class MailHarden implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Testable entry point: returns the exit code, never exits. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new MailHarden());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cl.setDefaultValueProvider(new AnsibleConfigDefaults());
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    // MINA SSHD logs through SLF4J; a user sees our messages, not its warnings.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "error"));
    System.exit(
        run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }
}
