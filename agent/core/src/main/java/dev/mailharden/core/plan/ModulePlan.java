package dev.mailharden.core.plan;

import java.util.List;

/**
 * What one product module wants on one host: file edits, the product's own checks to run
 * on the edited files, the service to reload when anything changed ({@code restart}: a full
 * restart instead, for a daemon that binds new listeners only at start), {@code verify}
 * checks run once the service is back (for init scripts that report success although the
 * daemon died), the TCP ports that must answer afterwards, from outside, the owned
 * settings whose value in force the product is asked for before the reload ({@code effective}),
 * and the TLS library whose cipher strings the product takes ({@code cipherLists}: "openssl"
 * when the host's {@code openssl ciphers} expands them; anything else is not expanded).
 */
public record ModulePlan(String product, List<FileChange> changes, List<String> validate,
    String service, boolean restart, List<String> verify, List<Integer> ports,
    List<EffectiveSetting> effective, String cipherLists) {

  public ModulePlan {
    changes = changes.stream().filter(FileChange::changed).toList();
    validate = List.copyOf(validate);
    verify = List.copyOf(verify);
    ports = List.copyOf(ports);
    effective = List.copyOf(effective);
  }

  /** A plan with no settings to ask the product about (DH parameters, appliances). */
  public ModulePlan(String product, List<FileChange> changes, List<String> validate,
      String service, boolean restart, List<String> verify, List<Integer> ports) {
    this(product, changes, validate, service, restart, verify, ports, List.of(), "");
  }

  /** This plan, also asking the product for the value in force of these settings. */
  public ModulePlan withEffective(List<EffectiveSetting> settings) {
    List<EffectiveSetting> all = new java.util.ArrayList<>(effective);
    all.addAll(settings);
    return new ModulePlan(product, changes, validate, service, restart, verify, ports, all,
        cipherLists);
  }

  /** The product takes OpenSSL cipher strings, which the host's openssl expands. */
  public boolean opensslCipherLists() {
    return cipherLists.equals("openssl");
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
