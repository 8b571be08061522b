package dev.mailharden.core.plan;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.outbound.OutboundTest;
import dev.mailharden.core.playbook.Templates;
import dev.mailharden.core.playbook.TlsProtocol;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A module's version rules, read from its {@code settings.yaml}: named lists of settings,
 * each kept when its {@code versions} range holds for the installed version and its
 * {@code when} condition renders true; values are Jinja over the plan context
 * ({@link PlanContext}). Also the product's protocol floor by version, its config file
 * paths, checks and service.
 */
public final class ModuleData {

  /** One setting the profile owns, rendered for this host. */
  public record Setting(String name, String value, Map<String, Object> extra) {}

  private final YamlFile yaml;
  private final Map<String, YamlFile.Entry> top = new LinkedHashMap<>();

  private ModuleData(YamlFile yaml) throws BadInputException {
    this.yaml = yaml;
    for (YamlFile.Entry e : yaml.entries(yaml.root(), "settings.yaml must be a mapping")) {
      top.put(e.key(), e);
    }
  }

  /** Reads {@code mailharden/<module>/settings.yaml} from the module's class path. */
  public static ModuleData of(Class<?> owner, String module) {
    String text = dev.mailharden.core.module.ModuleResources.text(owner, module, "settings.yaml");
    try {
      return new ModuleData(YamlFile.parse(Path.of("mailharden", module, "settings.yaml"), text));
    } catch (BadInputException e) {
      throw new IllegalStateException("broken module data: " + e.getMessage(), e);
    }
  }

  /** A scalar such as {@code service} or {@code files.ssl} (one level down), rendered. */
  public String text(String key, Map<String, Object> context) throws BadInputException {
    return text(key, context, false);
  }

  /** A shell command such as {@code validate_config.plain}, values as shell words. */
  public String command(String key, Map<String, Object> context) throws BadInputException {
    return text(key, context, true);
  }

  private String text(String key, Map<String, Object> context, boolean command)
      throws BadInputException {
    int dot = key.indexOf('.');
    YamlFile.Entry e = entry(dot < 0 ? key : key.substring(0, dot));
    Object v = yaml.value(e.value());
    if (dot >= 0) {
      if (!(v instanceof Map<?, ?> m) || !m.containsKey(key.substring(dot + 1))) {
        throw new IllegalStateException("module data has no '" + key + "'");
      }
      v = m.get(key.substring(dot + 1));
    }
    return command ? Templates.renderCommand(String.valueOf(v), context, e.origin())
        : Templates.render(String.valueOf(v), context, e.origin());
  }

  /** A top-level mapping of strings (e.g. {@code files}), each rendered, in the data's order. */
  public Map<String, String> textsByKey(String key, Map<String, Object> context)
      throws BadInputException {
    Map<String, String> out = new LinkedHashMap<>();
    for (YamlFile.Entry e : yaml.entries(entry(key).value(), key + " must be a mapping")) {
      out.put(e.key(), Templates.render(String.valueOf(yaml.value(e.value())), context,
          e.origin()));
    }
    return out;
  }

  /**
   * A top-level list of strings (e.g. {@code validate}), each rendered; an entry that renders
   * empty (a Jinja {@code if} that does not hold) is left out.
   */
  public List<String> texts(String key, Map<String, Object> context) throws BadInputException {
    return texts(key, context, false);
  }

  /**
   * A top-level list of shell commands (e.g. {@code validate}), rendered with every value as
   * one shell word ({@link Templates#renderCommand}); an entry that renders empty is left out.
   */
  public List<String> commands(String key, Map<String, Object> context)
      throws BadInputException {
    return texts(key, context, true);
  }

  private List<String> texts(String key, Map<String, Object> context, boolean command)
      throws BadInputException {
    List<String> out = new ArrayList<>();
    for (Node n : items(key)) {
      String template = String.valueOf(yaml.value(n));
      String text = command ? Templates.renderCommand(template, context, yaml.origin(n))
          : Templates.render(template, context, yaml.origin(n));
      if (!text.isBlank()) {
        out.add(text);
      }
    }
    return out;
  }

  /**
   * The module's plan for these changes, with its checks, service, post-start checks and
   * ports from the data ({@code validate}, {@code service}, {@code verify}, {@code ports}:
   * entries {@code {port: N, when: ...}}, {@code cipher_lists}: the TLS library whose cipher
   * strings the product takes); the service is reloaded.
   */
  public ModulePlan modulePlan(String product, List<FileChange> changes, String version,
      Map<String, Object> context) throws BadInputException {
    return modulePlan(product, changes, commands("validate", context), false, version,
        context);
  }

  /** The same, with checks the module composed itself and a restart where it needs one. */
  public ModulePlan modulePlan(String product, List<FileChange> changes, List<String> validate,
      boolean restart, String version, Map<String, Object> context) throws BadInputException {
    List<Integer> ports = new ArrayList<>();
    for (Node n : items("ports")) {
      Map<String, Object> raw = map(n);
      Object when = raw.get("when");
      if (Version.parse(version).satisfies((String) raw.get("versions")) && (when == null
          || Templates.render("{{ " + when + " }}", context, yaml.origin(n)).strip()
              .equals("true"))) {
        ports.add((Integer) raw.get("port"));
      }
    }
    List<String> verify = top.containsKey("verify") ? commands("verify", context)
        : List.of();
    String cipherLists = top.containsKey("cipher_lists") ? text("cipher_lists", context) : "";
    return new ModulePlan(product, changes, validate, text("service", context), restart,
        verify, ports, List.of(), cipherLists);
  }

  /**
   * How to ask the product for the value in force of each of these settings of list {@code
   * list} ({@code effective.<list>}: {@code query}, {@code locate}, optional {@code prepare},
   * {@code separators} and {@code when}, rendered with the setting's {@code name} and
   * {@code value}); none when the data gives no way for that list. A setting the plan removes
   * ({@code absent}) or whose {@code when} does not hold is not asked about.
   */
  public List<EffectiveSetting> effective(String list, List<Setting> settings,
      Map<String, Object> context) throws BadInputException {
    if (!top.containsKey("effective")) {
      return List.of();
    }
    Map<String, YamlFile.Entry> lists = new LinkedHashMap<>();
    for (YamlFile.Entry e : yaml.entries(entry("effective").value(),
        "effective must be a mapping")) {
      lists.put(e.key(), e);
    }
    if (!lists.containsKey(list)) {
      return List.of();
    }
    Origin at = lists.get(list).origin();
    Map<String, Object> spec = map(lists.get(list).value());
    List<EffectiveSetting> out = new ArrayList<>();
    for (Setting s : settings) {
      if (Boolean.TRUE.equals(s.extra().get("absent"))) {
        continue;
      }
      Map<String, Object> ctx = new LinkedHashMap<>(context);
      ctx.put("name", s.name());
      ctx.put("value", s.value());
      Object when = spec.get("when");
      if (when != null && !Templates.render("{{ " + when + " }}", ctx, at).strip()
          .equals("true")) {
        continue;
      }
      out.add(new EffectiveSetting(s.name(), s.value(), render(spec, "prepare", ctx, at),
          render(spec, "query", ctx, at), render(spec, "locate", ctx, at),
          String.valueOf(spec.getOrDefault("separators", ""))));
    }
    return out;
  }

  private static String render(Map<String, Object> spec, String key, Map<String, Object> ctx,
      Origin at) throws BadInputException {
    return spec.containsKey(key) ? Templates.render(String.valueOf(spec.get(key)), ctx, at) : "";
  }

  /**
   * The module's {@code outbound_test} ({@code send} and {@code purge} commands, Jinja over
   * {@code fact} and {@code recipient}, each value one shell word), if its data has one.
   */
  public Optional<OutboundTest> outboundTest(ProductFact fact, String recipient)
      throws BadInputException {
    if (!top.containsKey("outbound_test")) {
      return Optional.empty();
    }
    Map<String, Object> fields = new LinkedHashMap<>(fact.details());
    fields.put("version", fact.version());
    Map<String, Object> ctx = Map.of("fact", fields, "recipient", recipient);
    return Optional.of(new OutboundTest(fact.product(), text("outbound_test.send", ctx, true),
        text("outbound_test.purge", ctx, true)));
  }

  /**
   * The lowest protocol this product version refuses by default to go under: a profile
   * floor below it is raised to it, so hardening never weakens a default.
   */
  public TlsProtocol protocolFloor(String version) throws BadInputException {
    TlsProtocol floor = TlsProtocol.SSLv2;
    if (!top.containsKey("protocol_floor")) {
      return floor;
    }
    for (Map<String, Object> rule : rules("protocol_floor", version)) {
      floor = TlsProtocol.byLabel(String.valueOf(rule.get("min_protocol"))).orElseThrow();
    }
    return floor;
  }

  /**
   * What this product version does about post-quantum hybrid key exchange under the
   * profile, from the data's {@code key_exchange} list (the first entry that holds), for
   * the plan's notes; empty when the module says nothing.
   */
  public Optional<String> keyExchangeNote(PlanInput in) throws BadInputException {
    if (!top.containsKey("key_exchange")) {
      return Optional.empty();
    }
    String version = in.fact().version();
    return settings("key_exchange", version, PlanContext.of(in, protocolFloor(version)))
        .stream().findFirst().map(Setting::value);
  }

  /** The settings of list {@code key} that apply to this version and context, rendered. */
  public List<Setting> settings(String key, String version, Map<String, Object> context)
      throws BadInputException {
    List<Setting> out = new ArrayList<>();
    for (Node n : items(key)) {
      Map<String, Object> raw = map(n);
      Origin at = yaml.origin(n);
      if (!Version.parse(version).satisfies((String) raw.get("versions"))) {
        continue;
      }
      Object when = raw.get("when");
      if (when != null && !Templates.render("{{ " + when + " }}", context, at).strip()
          .equals("true")) {
        continue;
      }
      String name = Templates.render(String.valueOf(raw.get("name")), context, at);
      String value = raw.containsKey("value")
          ? Templates.render(String.valueOf(raw.get("value")), context, at) : "";
      Map<String, Object> extra = new LinkedHashMap<>(raw);
      extra.keySet().removeAll(List.of("name", "value", "versions", "when"));
      out.add(new Setting(name, value, extra));
    }
    return out;
  }

  private List<Map<String, Object>> rules(String key, String version) throws BadInputException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node n : items(key)) {
      Map<String, Object> raw = map(n);
      if (Version.parse(version).satisfies((String) raw.get("versions"))) {
        out.add(raw);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Node n) throws BadInputException {
    Object v = yaml.value(n);
    if (!(v instanceof Map)) {
      throw yaml.origin(n).error("expected a mapping");
    }
    return (Map<String, Object>) v;
  }

  private List<Node> items(String key) throws BadInputException {
    YamlFile.Entry e = entry(key);
    if (!(e.value() instanceof SequenceNode seq)) {
      throw e.origin().error(key + " must be a list");
    }
    return seq.getValue();
  }

  private YamlFile.Entry entry(String key) {
    YamlFile.Entry e = top.get(key);
    if (e == null) {
      throw new IllegalStateException("module data has no '" + key + "'");
    }
    return e;
  }
}
