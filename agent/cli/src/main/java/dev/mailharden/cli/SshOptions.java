package dev.mailharden.cli;

import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

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
      description = "Deadline to connect and authenticate (default: ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Option(names = "--command-timeout", paramLabel = "SECONDS", defaultValue = "120",
      converter = NumberRanges.Positive.class,
      description = "Deadline for one remote command (default: ${DEFAULT-VALUE}).")
  int commandTimeout;

  // Sized for a fleet: each host is one SSH session, mostly waiting on the network.
  @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "50",
      converter = NumberRanges.Positive.class,
      description = "Hosts worked on in parallel (default: ${DEFAULT-VALUE}).")
  int forks;

  SshTransport transport() {
    HostKeyPolicy policy = knownHosts == null ? HostKeyPolicy.userDefault(acceptNew)
        : new HostKeyPolicy(knownHosts, acceptNew);
    return new SshTransport(policy, Duration.ofSeconds(connectTimeout),
        Duration.ofSeconds(commandTimeout));
  }
}
