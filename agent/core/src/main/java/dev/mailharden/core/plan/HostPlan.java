package dev.mailharden.core.plan;

import dev.mailharden.core.facts.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything mailharden would do on one host: each module's plan, and the DH parameters
 * (a fixed RFC 7919 file is an ordinary file change; generation runs on the host).
 * Modules that do not harden their product yet are listed in {@code notes}.
 */
public record HostPlan(String host, HostFacts facts, List<ModulePlan> modules,
    Optional<DhGeneration> dhGeneration, List<String> notes) {

  /** {@code openssl dhparam} on the host into {@code path}, because it is missing or small. */
  public record DhGeneration(String path, int bits, String reason) {}

  public boolean changed() {
    return dhGeneration.isPresent() || modules.stream().anyMatch(ModulePlan::changed);
  }

  public List<FileChange> changes() {
    List<FileChange> all = new ArrayList<>();
    modules.forEach(m -> all.addAll(m.changes()));
    return all;
  }
}
