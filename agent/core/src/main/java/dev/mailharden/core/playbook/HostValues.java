package dev.mailharden.core.playbook;

import java.util.Set;

/**
 * A play's values rendered for one host: certificate and key already on the host, the roles
 * it plays and where DH parameters live; and, when the play gives them, how the MTA presents
 * itself when sending: its HELO name and a client certificate and key already on the host
 * (each "" when not given).
 */
public record HostValues(String tlsCert, String tlsKey, Set<String> roles, String dhFile,
    String heloName, String clientCert, String clientKey) {

  /** mta: 25; msa: 587; smtps: 465 implicit TLS; mda: 143/110 and 993/995. */
  public static final Set<String> ROLES = Set.of("mta", "msa", "smtps", "mda");

  /** Values of a play that leaves the sending identity as the host has it. */
  public HostValues(String tlsCert, String tlsKey, Set<String> roles, String dhFile) {
    this(tlsCert, tlsKey, roles, dhFile, "", "", "");
  }

  public boolean plays(String role) {
    return roles.contains(role);
  }
}
