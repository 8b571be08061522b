package dev.mailharden.core.plan;

import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.playbook.ServicePolicy;
import dev.mailharden.core.playbook.TlsProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Jinja context module data is rendered with. Names (documented here, used by every
 * module's settings.yaml):
 * <ul>
 *   <li>{@code tls.cert, tls.key, tls.dh_file, tls.dh_named_group}
 *   <li>{@code mta, submission, mailbox}: {@code mandatory}, {@code min_protocol} (e.g.
 *       TLSv1.2, never below the product's default floor), {@code exclusions} (e.g.
 *       "!SSLv2, !SSLv3"), {@code ciphers} (empty: product default)
 *   <li>{@code roles.mta, roles.msa, roles.smtps, roles.mda}
 *   <li>{@code sender.helo_name, sender.cert, sender.key}: the sending identity the play
 *       sets ("" when it leaves the host's)
 *   <li>{@code server_preference, compression, log_level, profile}
 *   <li>{@code key_exchange}: keep or hybrid-first (the profile's)
 *   <li>{@code fact.version} and {@code fact.<detail>} from the module's facts script
 * </ul>
 */
public final class PlanContext {

  private PlanContext() {}

  public static Map<String, Object> of(PlanInput in, TlsProtocol productFloor) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    Profile p = in.profile();
    ctx.put("tls", Map.of(
        "cert", in.values().tlsCert(),
        "key", in.values().tlsKey(),
        "dh_file", in.values().dhFile(),
        "dh_named_group", p.dh().namedGroup()));
    for (String service : Profile.SERVICES) {
      ServicePolicy s = p.service(service);
      TlsProtocol floor = TlsProtocol.max(s.minProtocol(), productFloor);
      ctx.put(service, Map.of(
          "mandatory", s.tlsMandatory(),
          "min_protocol", floor.label(),
          "exclusions", floor.below().stream().map(v -> "!" + v.label())
              .collect(Collectors.joining(", ")),
          "ciphers", s.ciphers()));
    }
    Map<String, Object> roles = new LinkedHashMap<>();
    for (String r : dev.mailharden.core.playbook.HostValues.ROLES) {
      roles.put(r, in.values().plays(r));
    }
    ctx.put("roles", roles);
    ctx.put("sender", Map.of(
        "helo_name", in.values().heloName(),
        "cert", in.values().clientCert(),
        "key", in.values().clientKey()));
    ctx.put("server_preference", p.serverCipherPreference());
    ctx.put("compression", p.compression());
    ctx.put("log_level", p.tlsLogLevel());
    ctx.put("profile", p.name());
    ctx.put("key_exchange", p.keyExchange());
    Map<String, Object> fact = new LinkedHashMap<>(in.fact().details());
    fact.put("version", in.fact().version());
    ctx.put("fact", fact);
    return ctx;
  }
}
