package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.inventory.AnsibleConfig;
import dev.mailharden.core.connect.SshTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How to reach hosts: host-key policy, deadlines, parallelism. */
final class SshOptions {

  @Option(names = "--known-hosts", paramLabel = "FILE",
      description = "known_hosts file to verify host keys against (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(names = "--accept-new-host-keys",
      description = "Trust a host key seen for the first time and record it in the known_hosts"
          + " file. A CHANGED key is refused regardless.")
  boolean acceptNew;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
      converter = NumberRanges.Positive.class,
      description = "Deadline to connect and authenticate (default: ansible.cfg's timeout,"
          + " else 10; now ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Option(names = "--command-timeout", paramLabel = "SECONDS", defaultValue = "120",
      converter = NumberRanges.Positive.class,
      description = "Deadline for one remote command (default: ${DEFAULT-VALUE}).")
  int commandTimeout;

  // Sized for a fleet: each host is one SSH session, mostly waiting on the network.
  @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "50",
      converter = NumberRanges.Positive.class,
      description = "Hosts worked on in parallel (default: ansible.cfg's forks, else 50;"
          + " now ${DEFAULT-VALUE}).")
  int forks;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  SshTransport transport() throws BadInputException {
    warnHostKeyChecking();
    HostKeyPolicy policy = knownHosts == null ? HostKeyPolicy.userDefault(acceptNew)
        : new HostKeyPolicy(knownHosts, acceptNew);
    return new SshTransport(policy, Duration.ofSeconds(connectTimeout),
        Duration.ofSeconds(commandTimeout));
  }

  /** Ansible's host_key_checking = False is not followed, and saying so is the user's due. */
  private void warnHostKeyChecking() throws BadInputException {
    Optional<AnsibleConfig.Setting> checking =
        AnsibleConfig.find(System::getenv).get(AnsibleConfig.Key.HOST_KEY_CHECKING);
    if (checking.isPresent() && !checking.get().bool()) {
      command.commandLine().getErr().println("mailharden: " + checking.get().origin()
          + ": host_key_checking = False is not honoured: mailharden keeps strict host-key"
          + " checking; --accept-new-host-keys records keys seen for the first time (a"
          + " changed key is always refused)");
    }
  }
}
