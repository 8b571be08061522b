package dev.mailharden.core.outbound;

import dev.mailharden.core.probe.Finding;
import java.util.List;

/**
 * The outbound check of one MTA on one host: the findings (message sent, delivered to the
 * listener, over STARTTLS, offering no version the profile refuses), every session the
 * listener saw while waiting, and what was left in the queue and deleted.
 */
public record OutboundVerdict(String host, String product, String recipient,
    List<Finding> findings, List<OutboundSession> sessions, String purged) {

  public OutboundVerdict {
    findings = List.copyOf(findings);
    sessions = List.copyOf(sessions);
  }

  public boolean passed() {
    return findings.stream().allMatch(Finding::passed);
  }

  /** The failed findings, e.g. for a rollback reason. */
  public String failures() {
    return String.join("; ", findings.stream().filter(f -> !f.passed())
        .map(f -> f.check() + ": " + f.reason()).toList());
  }

  /** One line for a report: the product and each finding. */
  public String summary() {
    return "outbound " + product + " -> " + recipient + ": " + String.join("; ",
        findings.stream().map(f -> (f.passed() ? "ok " : "FAILED ") + f.check() + ": "
            + f.reason()).toList());
  }
}
