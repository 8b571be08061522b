package dev.mailharden.core.usage;

import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.playbook.TlsProtocol;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.TlsVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of the clients a host's logs show the profile would refuse: a protocol below the
 * floor of that port, a TLS 1.2-or-older suite outside the port's cipher list, or a session
 * without TLS where the profile makes TLS mandatory. Port 25 stays opportunistic in the
 * shipped profiles, so it refuses nobody there.
 */
public final class UsageImpact {

  /** OpenSSL's suite spelling (GnuTLS names, as Exim logs them on Debian, use underscores). */
  private static final Pattern OPENSSL_NAME = Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)+");

  /** One client the profile would turn away, and why. */
  public record Refusal(ClientUsage client, String reason) {}

  private UsageImpact() {}

  /**
   * @param ciphersOf the suites each profile cipher string allows, as the host's own OpenSSL
   *     expands it ({@code openssl ciphers}); a string missing from the map is not checked
   */
  public static List<Refusal> refusals(TlsUsage usage, Profile profile,
      Map<String, Set<String>> ciphersOf) {
    List<Refusal> out = new ArrayList<>();
    for (ClientUsage c : usage.clients()) {
      if (c.port() <= 0) {
        continue;
      }
      PortPolicy policy = PortPolicy.of(profile, c.port());
      if (!c.tls()) {
        if (policy.tlsRequired()) {
          out.add(new Refusal(c, c.authWithoutTls() ? "login without TLS no longer allowed"
              : "session without TLS no longer allowed"));
        }
        continue;
      }
      Optional<TlsProtocol> protocol = TlsProtocol.fromLog(c.protocol());
      if (protocol.isPresent()
          && policy.refusedVersions().contains(TlsVersion.values()[protocol.get().ordinal()])) {
        out.add(new Refusal(c, protocol.get().label() + " below the floor "
            + profile.service(PortPolicy.serviceOf(c.port())).minProtocol().label()));
        continue;
      }
      String ciphers = profile.service(PortPolicy.serviceOf(c.port())).ciphers();
      Set<String> allowed = ciphersOf.get(ciphers);
      if (!ciphers.isEmpty() && allowed != null && c.cipher() != null
          && protocol.map(p -> p.compareTo(TlsProtocol.TLSv1_3) < 0).orElse(false)
          && OPENSSL_NAME.matcher(c.cipher()).matches() && !allowed.contains(c.cipher())) {
        out.add(new Refusal(c, "cipher " + c.cipher() + " not in the profile's list"));
      }
    }
    return out;
  }
}
