package dev.mailharden.core.report;

import dev.mailharden.core.fleet.HostOutcome;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.txn.ApplyResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The readable apply / check report: per host what changed (or would), then a recap. */
public final class ApplyReport {

  private ApplyReport() {}

  public static String render(List<HostOutcome<ApplyResult>> outcomes, boolean check,
      boolean diffs) {
    StringBuilder b = new StringBuilder();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (HostOutcome<ApplyResult> o : outcomes) {
      String status = status(o);
      counts.merge(status, 1, Integer::sum);
      b.append(o.host()).append(": ").append(status);
      if (o.result().isEmpty()) {
        b.append("\n  ").append(o.message()).append('\n');
        continue;
      }
      ApplyResult r = o.result().get();
      List<FileChange> changes = r.plan().changes();
      if (!changes.isEmpty()) {
        b.append(" (").append(changes.size()).append(changes.size() == 1 ? " file" : " files")
            .append(')');
      }
      b.append('\n');
      r.plan().facts().products().forEach(p ->
          b.append("  ").append(p.product()).append(' ').append(p.version()).append('\n'));
      r.plan().notes().forEach(n -> b.append("  note: ").append(n).append('\n'));
      if (!r.plan().names().isEmpty()) {
        ProbeText.verdicts(b, "names", r.plan().names(), "  ");
      }
      // In check mode only appliances have steps: the dialogue that would be sent (--diff).
      if (!check || diffs) {
        r.steps().forEach(s -> b.append("  - ").append(s).append('\n'));
      }
      if (!r.failure().isEmpty()) {
        b.append(r.status() == ApplyResult.Status.ROLLED_BACK ? "  rolled back because: "
            : "  FAILED: ").append(r.failure()).append('\n');
      }
      if (diffs) {
        changes.forEach(c -> b.append(c.diff()));
      }
    }
    b.append("\nRECAP").append(check ? " (check mode: nothing was changed)" : "").append(": ");
    counts.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
    return b.toString().stripTrailing() + "\n";
  }

  /** ok / changed / failed / rolled_back / unreachable / bad_input. */
  public static String status(HostOutcome<ApplyResult> o) {
    Enum<?> s = o.result().<Enum<?>>map(ApplyResult::status).orElse(o.status());
    return s.name().toLowerCase(Locale.ROOT);
  }
}
