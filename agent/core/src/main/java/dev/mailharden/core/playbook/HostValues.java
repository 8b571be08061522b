package dev.mailharden.core.playbook;

import java.util.Set;

/**
 * A play's values rendered for one host: certificate and key already on the host, the roles
 * it plays and where DH parameters live.
 */
public record HostValues(String tlsCert, String tlsKey, Set<String> roles, String dhFile) {

  /** mta: 25; msa: 587; smtps: 465 implicit TLS; mda: 143/110 and 993/995. */
  public static final Set<String> ROLES = Set.of("mta", "msa", "smtps", "mda");

  public boolean plays(String role) {
    return roles.contains(role);
  }
}
