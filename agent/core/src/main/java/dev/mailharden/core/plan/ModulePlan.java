package dev.mailharden.core.plan;

import java.util.List;

/**
 * What one product module wants on one host: file edits, the product's own checks to run
 * on the edited files, the service to reload when anything changed, and the TCP ports that
 * service must answer on afterwards (checked from outside before the change is kept).
 */
public record ModulePlan(String product, List<FileChange> changes, List<String> validate,
    String service, List<Integer> ports) {

  public ModulePlan {
    changes = changes.stream().filter(FileChange::changed).toList();
    validate = List.copyOf(validate);
    ports = List.copyOf(ports);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
