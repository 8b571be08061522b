package dev.mailharden.core.usage;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.playbook.Profile;
import java.util.List;

/**
 * A host's mail-log usage and, when a profile is given, the clients it would refuse.
 *
 * @param profile the profile judged against; null for the usage alone
 */
public record HostUsage(TlsUsage usage, String profile, List<UsageImpact.Refusal> refusals) {

  /** Reads the logs and, with a profile, judges them against it (two read-only commands). */
  public static HostUsage read(RemoteShell host, UsageReader reader, Profile profile)
      throws ConnectionException {
    TlsUsage usage = reader.read(host);
    if (profile == null) {
      return new HostUsage(usage, null, List.of());
    }
    var ciphers = HostCiphers.expand(host, profile.services().values().stream()
        .map(s -> s.ciphers()).toList());
    return new HostUsage(usage, profile.name(), UsageImpact.refusals(usage, profile, ciphers));
  }
}
