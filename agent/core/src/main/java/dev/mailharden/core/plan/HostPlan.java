package dev.mailharden.core.plan;

import dev.mailharden.core.facts.HostFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything mailharden would do on one host: each module's plan, DH parameters included
 * (an ordinary file change). Modules that do not harden their product yet are listed in
 * {@code notes}.
 */
public record HostPlan(String host, HostFacts facts, List<ModulePlan> modules,
    List<String> notes) {

  public boolean changed() {
    return modules.stream().anyMatch(ModulePlan::changed);
  }

  public List<FileChange> changes() {
    List<FileChange> all = new ArrayList<>();
    modules.forEach(m -> all.addAll(m.changes()));
    return all;
  }
}
