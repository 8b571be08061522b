package dev.mailharden.core.plan;

import java.util.List;

/**
 * What one product module wants on one host: file edits, the product's own checks to run
 * on the edited files, and the service to reload when anything changed.
 */
public record ModulePlan(String product, List<FileChange> changes, List<String> validate,
    String service) {

  public ModulePlan {
    changes = changes.stream().filter(FileChange::changed).toList();
    validate = List.copyOf(validate);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
