package dev.mailharden.core.txn;

import dev.mailharden.core.plan.HostPlan;
import java.util.List;

/** How applying (or checking) one host's plan ended, with the steps taken. */
public record ApplyResult(HostPlan plan, Status status, List<String> steps, String failure) {

  /** Ansible's vocabulary; rolled_back: a failed change was undone. */
  public enum Status {
    OK,
    CHANGED,
    FAILED,
    ROLLED_BACK
  }

  public ApplyResult {
    steps = List.copyOf(steps);
  }
}
