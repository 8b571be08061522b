package dev.mailharden.core.plan;

import java.util.List;

/**
 * What one product module wants on one host: file edits, the product's own checks to run
 * on the edited files, and the service to reload when anything changed. {@code restart}
 * asks for a full restart instead (a daemon that binds new listeners only at start), and
 * {@code verify} are checks run once the service is back, for init scripts that report
 * success although the daemon died.
 */
public record ModulePlan(String product, List<FileChange> changes, List<String> validate,
    String service, boolean restart, List<String> verify) {

  public ModulePlan {
    changes = changes.stream().filter(FileChange::changed).toList();
    validate = List.copyOf(validate);
    verify = List.copyOf(verify);
  }

  /** A plan whose service is reloaded, with no check after the reload. */
  public ModulePlan(String product, List<FileChange> changes, List<String> validate,
      String service) {
    this(product, changes, validate, service, false, List.of());
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
