package dev.mailharden.core.plan;

import java.util.List;

/**
 * What one product module wants on one host: file edits, the product's own checks to run
 * on the edited files, the service to reload when anything changed ({@code restart}: a full
 * restart instead, for a daemon that binds new listeners only at start), {@code verify}
 * checks run once the service is back (for init scripts that report success although the
 * daemon died), and the TCP ports that must answer afterwards, from outside.
 */
public record ModulePlan(String product, List<FileChange> changes, List<String> validate,
    String service, boolean restart, List<String> verify, List<Integer> ports) {

  public ModulePlan {
    changes = changes.stream().filter(FileChange::changed).toList();
    validate = List.copyOf(validate);
    verify = List.copyOf(verify);
    ports = List.copyOf(ports);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
