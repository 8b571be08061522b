package dev.mailharden.modules.cyrus;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.edit.KeyValueLines;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModuleData;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanContext;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.RemoteFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cyrus IMAP: imapd.conf TLS keys and cyrus.conf implicit-TLS services, by version. */
public final class CyrusModule implements ProductModule {

  private static final ModuleData DATA = ModuleData.of(CyrusModule.class, "cyrus");

  @Override
  public String name() {
    return "cyrus";
  }

  @Override
  public List<String> configFiles(ProductFact fact) throws BadInputException {
    return List.of(DATA.text("files.imapd", Map.of()), DATA.text("files.cyrus", Map.of()));
  }

  @Override
  public Optional<ModulePlan> plan(PlanInput in) throws BadInputException {
    String version = in.fact().version();
    Map<String, Object> ctx = PlanContext.of(in, DATA.protocolFloor(version));
    RemoteFile imapdFile = in.file(DATA.text("files.imapd", ctx));
    RemoteFile cyrusFile = in.file(DATA.text("files.cyrus", ctx));
    for (RemoteFile f : List.of(imapdFile, cyrusFile)) {
      if (!f.exists()) {
        throw new BadInputException("host " + in.host().host(), "Cyrus " + version
            + " is installed but " + f.path() + " is missing");
      }
    }

    KeyValueLines imapd = new KeyValueLines(imapdFile.content(), ':',
        "# TLS hardening by mailharden (profile " + in.profile().name() + ")");
    CyrusServices services = new CyrusServices(cyrusFile.content());
    List<ModuleData.Setting> settings = DATA.settings("imapd_conf", version, ctx);
    for (ModuleData.Setting s : settings) {
      imapd.set(s.name(), s.value());
      // A service's own key wins over the global one for that service: the admin's line
      // gets the profile's value where it takes effect.
      for (String service : services.activeNames()) {
        if (imapd.get(service + "_" + s.name()).isPresent()) {
          imapd.set(service + "_" + s.name(), s.value());
        }
      }
    }

    for (ModuleData.Setting s : DATA.settings("services", version, ctx)) {
      Map<String, String> ports = new LinkedHashMap<>();
      if (s.extra().get("ports") instanceof Map<?, ?> m) {
        m.forEach((k, v) -> ports.put(String.valueOf(k), String.valueOf(v)));
      }
      services.enableTwin(s.name(), String.valueOf(s.extra().get("twin_of")),
          String.valueOf(s.extra().get("cmd")), ports, String.valueOf(s.extra().get("rest")));
    }

    FileChange cyrusChange = new FileChange(cyrusFile.path(), cyrusFile.content(),
        services.text(), null);
    // New listeners are bound only when the master starts; imapd.conf is read by each
    // new imapd/pop3d process, so a reload (SIGHUP) is enough for it.
    return Optional.of(DATA.modulePlan(name(),
        List.of(new FileChange(imapdFile.path(), imapdFile.content(), imapd.text(), null),
            cyrusChange),
        DATA.commands("validate", ctx), cyrusChange.changed(), version, ctx)
        .withEffective(DATA.effective("imapd_conf", settings, ctx)));
  }
}
