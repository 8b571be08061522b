package dev.mailharden.modules.dovecot;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModuleData;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanContext;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.RemoteFile;
import dev.mailharden.core.plan.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dovecot: conf.d settings by version from {@code dovecot/settings.yaml}. */
public final class DovecotModule implements ProductModule {

  private static final ModuleData DATA = ModuleData.of(DovecotModule.class, "dovecot");

  @Override
  public String name() {
    return "dovecot";
  }

  @Override
  public List<String> configFiles(ProductFact fact) throws BadInputException {
    List<String> all = new ArrayList<>(files(fact).values());
    readOrder(fact).stream().filter(f -> !all.contains(f)).forEach(all::add);
    return all;
  }

  /** Every file Dovecot reads, in its order (facts: dovecot.conf's include tree). */
  private static List<String> readOrder(ProductFact fact) {
    String listed = fact.details().getOrDefault("config_files", "").strip();
    return listed.isEmpty() ? List.of() : List.of(listed.split("\\s+"));
  }

  /** The conf.d files by their key in settings.yaml ({@code files}). */
  private static Map<String, String> files(ProductFact fact) throws BadInputException {
    return DATA.textsByKey("files", Map.of("fact", fact.details()));
  }

  @Override
  public Optional<ModulePlan> plan(PlanInput in) throws BadInputException {
    String version = in.fact().version();
    String supported = DATA.text("supported_versions", Map.of());
    if (!Version.parse(version).satisfies(supported)) {
      throw new BadInputException("host " + in.host().host(), "Dovecot " + version
          + " is not supported by this build (needs " + supported + ")");
    }
    Map<String, Object> ctx = PlanContext.of(in, DATA.protocolFloor(version));
    Map<String, DovecotConf> edited = new LinkedHashMap<>();
    Map<String, String> files = files(in.fact());
    for (String path : files.values()) {
      RemoteFile rf = in.file(path);
      if (!rf.exists()) {
        throw new BadInputException("host " + in.host().host(), "Dovecot " + version
            + " is installed but " + rf.path() + " is missing");
      }
    }
    for (String path : configFiles(in.fact())) {
      RemoteFile rf = in.file(path);
      if (rf.exists()) {
        edited.put(path, new DovecotConf(rf.content()));
      }
    }
    List<ModuleData.Setting> settings = DATA.settings("settings", version, ctx);
    for (ModuleData.Setting s : settings) {
      edited.get(inForceAt(s, files, readOrder(in.fact()), edited)).set(s.name(), s.value());
    }
    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<String, DovecotConf> f : edited.entrySet()) {
      RemoteFile rf = in.file(f.getKey());
      changes.add(new FileChange(rf.path(), rf.content(), f.getValue().text(), null));
    }
    return Optional.of(DATA.modulePlan(name(), changes, version, ctx)
        .withEffective(DATA.effective("settings", settings, ctx)));
  }

  /**
   * Where a setting takes effect: the file read last that defines it at top level (an
   * admin's local.conf after Debian's conf.d, say), edited there; where none does, the
   * conf.d file the data names.
   */
  private static String inForceAt(ModuleData.Setting s, Map<String, String> files,
      List<String> readOrder, Map<String, DovecotConf> edited) {
    String at = files.get(String.valueOf(s.extra().get("file")));
    for (String path : readOrder) {
      if (edited.containsKey(path) && edited.get(path).defines(s.name())) {
        at = path;
      }
    }
    return at;
  }
}
