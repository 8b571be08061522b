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
    return new ArrayList<>(files(fact).values());
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
    for (Map.Entry<String, String> f : files.entrySet()) {
      RemoteFile rf = in.file(f.getValue());
      if (!rf.exists()) {
        throw new BadInputException("host " + in.host().host(), "Dovecot " + version
            + " is installed but " + rf.path() + " is missing");
      }
      edited.put(f.getKey(), new DovecotConf(rf.content()));
    }
    for (ModuleData.Setting s : DATA.settings("settings", version, ctx)) {
      edited.get(String.valueOf(s.extra().get("file"))).set(s.name(), s.value());
    }
    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      RemoteFile rf = in.file(f.getValue());
      changes.add(new FileChange(rf.path(), rf.content(), edited.get(f.getKey()).text(), null));
    }
    return Optional.of(DATA.modulePlan(name(), changes, version, ctx));
  }
}
