package dev.mailharden.core.txn;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.plan.EffectiveSetting;
import dev.mailharden.core.plan.ModulePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check between validation and reload: the product itself says which value of each
 * owned setting the written files put in force, and every one must be the planned value.
 * An include read later, a per-service key or a second definition the plan did not edit
 * shows here, before any daemon reads the files. One command asks for every setting of a
 * module; a second one locates the definitions of those that differ.
 */
final class EffectiveCheck {

  private static final String MARK = "#mailharden effective ";

  private EffectiveCheck() {}

  /**
   * Why the plan of {@code module} is not what the product would run, naming each setting,
   * the value in force and the file and line of every definition; empty: all as planned.
   */
  static Optional<String> differences(RemoteShell host, ModulePlan module)
      throws ConnectionException {
    List<EffectiveSetting> settings = module.effective();
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ExecResult asked = host.exec(script(settings, EffectiveSetting::query, true));
    if (!asked.ok()) {
      return Optional.of(module.product() + ": cannot ask for the settings in force (exit "
          + asked.exitStatus() + "): " + (asked.stderr() + asked.stdout()).strip());
    }
    Map<Integer, List<String>> inForce = sections(asked.stdout());
    List<EffectiveSetting> differing = new ArrayList<>();
    Map<EffectiveSetting, List<String>> seen = new LinkedHashMap<>();
    for (int i = 0; i < settings.size(); i++) {
      List<String> values = inForce.getOrDefault(i, List.of());
      if (!settings.get(i).differing(values).isEmpty()) {
        differing.add(settings.get(i));
        seen.put(settings.get(i), settings.get(i).differing(values));
      }
    }
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    ExecResult located = host.exec(script(differing, EffectiveSetting::locate, false));
    Map<Integer, List<String>> where = sections(located.stdout());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < differing.size(); i++) {
      EffectiveSetting s = differing.get(i);
      List<String> defs = where.getOrDefault(i, List.of());
      out.add(module.product() + " " + s.name() + " in force " + quoted(seen.get(s))
          + ", planned '" + s.expected() + "'" + (defs.isEmpty() ? " (no definition found)"
          : "; defined at " + String.join(" | ", defs)));
    }
    return Optional.of(String.join("; ", out));
  }

  /**
   * The module's preparations once (first query only), then each command after its mark.
   * Only standard output is read: warnings such as Postfix's "overriding earlier entry" are
   * not values.
   */
  private static String script(List<EffectiveSetting> settings,
      java.util.function.Function<EffectiveSetting, String> command, boolean prepare) {
    StringBuilder b = new StringBuilder();
    if (prepare) {
      Set<String> once = new LinkedHashSet<>();
      settings.stream().map(EffectiveSetting::prepare).filter(p -> !p.isBlank())
          .forEach(once::add);
      for (String p : once) {
        b.append("{ ").append(p).append("\n} || exit 3\n");
      }
    }
    for (int i = 0; i < settings.size(); i++) {
      b.append("echo '").append(MARK).append(i).append("'\n")
          .append(command.apply(settings.get(i))).append('\n');
    }
    return b.append("exit 0\n").toString();
  }

  private static Map<Integer, List<String>> sections(String output) {
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    Integer current = null;
    for (String line : output.split("\n")) {
      if (line.startsWith(MARK)) {
        current = Integer.parseInt(line.substring(MARK.length()).strip());
        out.put(current, new ArrayList<>());
      } else if (current != null && !line.isBlank()) {
        out.get(current).add(line.strip());
      }
    }
    return out;
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> "'" + v + "'").reduce((a, b) -> a + ", " + b).orElse("''");
  }
}
