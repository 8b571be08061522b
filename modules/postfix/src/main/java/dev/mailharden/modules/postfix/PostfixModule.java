package dev.mailharden.modules.postfix;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.outbound.OutboundTest;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModuleData;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanContext;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.RemoteFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Postfix: main.cf parameters and master.cf services from {@code postfix/settings.yaml}. */
public final class PostfixModule implements ProductModule {

  private static final ModuleData DATA = ModuleData.of(PostfixModule.class, "postfix");
  /** A main.cf parameter reference: $name or ${name}. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{?(\\w+)\\}?");

  @Override
  public String name() {
    return "postfix";
  }

  @Override
  public List<String> configFiles(ProductFact fact) throws BadInputException {
    return DATA.texts("files", Map.of("fact", fact.details()));
  }

  @Override
  public Optional<ModulePlan> plan(PlanInput in) throws BadInputException {
    String version = in.fact().version();
    Map<String, Object> ctx = PlanContext.of(in, DATA.protocolFloor(version));
    List<String> files = configFiles(in.fact());
    RemoteFile mainFile = in.file(files.get(0));
    RemoteFile masterFile = in.file(files.get(1));
    if (!mainFile.exists() || !masterFile.exists()) {
      throw new BadInputException("host " + in.host().host(), "Postfix " + version
          + " is installed but " + (mainFile.exists() ? masterFile : mainFile).path()
          + " is missing");
    }

    PostfixMainCf main = new PostfixMainCf(mainFile.content(),
        "# TLS hardening by mailharden (profile " + in.profile().name() + ")");
    // What the plan sets is what Postfix must say is in force; a level kept as the admin
    // wrote it (keepsCurrent) is not the plan's to check.
    List<ModuleData.Setting> mainSettings = new ArrayList<>();
    for (ModuleData.Setting s : DATA.settings("main_cf", version, ctx)) {
      if (!keepsCurrent(s, main)) {
        main.set(s.name(), s.value());
        mainSettings.add(s);
      }
    }

    PostfixMasterCf master = new PostfixMasterCf(masterFile.content());
    // Each owned -o option by the name `postconf -P` knows it: service/type/parameter.
    List<ModuleData.Setting> serviceOptions = new ArrayList<>();
    for (ModuleData.Setting s : DATA.settings("master_cf", version, ctx)) {
      String type = String.valueOf(s.extra().get("type"));
      master.ensureService(s.name(), type, String.valueOf(s.extra().get("fields")), options(s));
      options(s).forEach((k, v) -> serviceOptions.add(new ModuleData.Setting(
          s.name() + "/" + type + "/" + k, v, Map.of())));
    }

    return Optional.of(DATA.modulePlan(name(),
        List.of(new FileChange(mainFile.path(), mainFile.content(), main.text(), null),
            new FileChange(masterFile.path(), masterFile.content(), master.text(), null)),
        version, ctx)
        .withEffective(DATA.effective("main_cf", mainSettings, ctx))
        .withEffective(DATA.effective("master_cf", serviceOptions, ctx)));
  }

  @Override
  public Optional<OutboundTest> outboundTest(ProductFact fact, String recipient)
      throws BadInputException {
    return DATA.outboundTest(fact, recipient);
  }

  @Override
  public Optional<SenderIdentity> senderIdentity(ProductFact fact,
      Map<String, RemoteFile> files) throws BadInputException {
    RemoteFile mainFile = files.get(configFiles(fact).get(0));
    PostfixMainCf main = new PostfixMainCf(mainFile == null || !mainFile.exists() ? ""
        : mainFile.content(), "");
    Map<String, Object> none = Map.of();
    String heloParam = DATA.text("sender.helo_name", none);
    String certParam = DATA.text("sender.client_cert", none);
    Optional<String> set = main.get(heloParam);
    String heloDefault = DATA.text("sender.helo_default", none);
    String helo = expand(set.orElse(heloDefault), main, fact, 0);
    String cert = expand(main.get(certParam).orElse(""), main, fact, 0);
    return Optional.of(new SenderIdentity(helo, set.isPresent() ? heloParam
        : heloParam + " default " + heloDefault, cert.isEmpty() ? Optional.empty()
        : Optional.of(cert)));
  }

  /**
   * Postfix's $name expansion over main.cf; myhostname defaults to the host's FQDN (facts),
   * mydomain to myhostname without its first label, as Postfix derives them.
   */
  private static String expand(String value, PostfixMainCf main, ProductFact fact, int depth) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = main.get(name).orElseGet(() -> switch (name) {
        case "myhostname" -> fact.details().getOrDefault("default_myhostname", "");
        case "mydomain" -> {
          String host = expand("$myhostname", main, fact, depth + 1);
          yield host.contains(".") ? host.substring(host.indexOf('.') + 1) : host;
        }
        default -> "";
      });
      m.appendReplacement(out, Matcher.quoteReplacement(depth < 8
          ? expand(v, main, fact, depth + 1) : v));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  /**
   * A setting whose {@code keeps} list holds the admin's value, or one of whose {@code
   * kept_by} parameters has the value given there: never lowered to ours.
   */
  private static boolean keepsCurrent(ModuleData.Setting s, PostfixMainCf main) {
    boolean kept = s.extra().get("keeps") instanceof List<?> keeps
        && main.get(s.name()).map(v -> keeps.contains(v.strip())).orElse(false);
    if (s.extra().get("kept_by") instanceof Map<?, ?> by) {
      for (Map.Entry<?, ?> e : by.entrySet()) {
        kept |= main.get(String.valueOf(e.getKey())).map(String::strip)
            .map(v -> v.equalsIgnoreCase(String.valueOf(e.getValue()))).orElse(false);
      }
    }
    return kept;
  }

  private static Map<String, String> options(ModuleData.Setting s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.extra().get("options") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
