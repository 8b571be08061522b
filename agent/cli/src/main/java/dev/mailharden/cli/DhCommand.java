package dev.mailharden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dh", mixinStandardHelpOptions = true,
    subcommands = {DhGenerateCommand.class, DhListCommand.class},
    description = {
      "The DH groups this controller generated and keeps for apply (profiles with"
          + " `dh: {source: generate}`), in $MAILHARDEN_STATE/dh or ~/.mailharden/dh.",
      "apply uses the newest kept group of the profile's size; one older than the profile's"
          + " dh.renew_after_days (default 90) still serves while a new one is generated in"
          + " the background. Only a size never generated here makes apply wait.",
      "",
      "Before a maintenance window:",
      "  mailharden dh generate --bits 2048",
      "  mailharden dh list",
    })
final class DhCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
