package dev.mailharden.core.plan;

import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.probe.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything mailharden would do on one host: each module's plan, DH parameters included
 * (an ordinary file change). Modules that do not harden their product yet are listed in
 * {@code notes}. {@code names} are the name checks of the host as the plan leaves it (empty
 * when the inventory gives the host no public address). {@code namedCertificate} is the
 * server certificate the play names; empty, every port keeps the certificate it serves.
 */
public record HostPlan(String host, HostFacts facts, List<ModulePlan> modules,
    List<String> notes, List<Finding> names, Optional<NamedCertificate> namedCertificate) {

  public boolean changed() {
    return modules.stream().anyMatch(ModulePlan::changed);
  }

  public List<FileChange> changes() {
    List<FileChange> all = new ArrayList<>();
    modules.forEach(m -> all.addAll(m.changes()));
    return all;
  }
}
