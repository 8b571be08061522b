package dev.mailharden.modules.exim;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.edit.KeyValueLines;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModuleData;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanContext;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.RemoteFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exim: main options (Debian's TLS macros where Debian's generator is used) and the
 * authenticators, in the files of the host's config style, from {@code exim/settings.yaml}.
 */
public final class EximModule implements ProductModule {

  private static final ModuleData DATA = ModuleData.of(EximModule.class, "exim");
  private static final List<String> STYLES = List.of("debian-split", "debian-unsplit", "plain");
  /** Stands for {@code wrapped} while a wrapping setting is rendered (see {@link #wrapping}). */
  private static final String WRAPPED = "\u0001wrapped\u0001";

  @Override
  public String name() {
    return "exim";
  }

  @Override
  public List<String> configFiles(ProductFact fact) throws BadInputException {
    List<String> files = new ArrayList<>();
    files.add(optionsFile(fact));
    List<String> others = new ArrayList<>(authFiles(fact));
    others.add(DATA.text("remote_smtp_file." + style(fact), Map.of()));
    for (String f : others) {
      if (!files.contains(f)) {
        files.add(f);
      }
    }
    files.addAll(adminMainFiles(fact));
    return files;
  }

  /**
   * The split config's conf.d/main files that are neither the options file nor Debian's own
   * ({@code NN_exim4-config_*}): an admin's options there are edited where they are set, as
   * Exim refuses an option set twice.
   */
  private static List<String> adminMainFiles(ProductFact fact) throws BadInputException {
    if (!style(fact).equals("debian-split")) {
      return List.of();
    }
    String options = optionsFile(fact);
    String listed = fact.details().getOrDefault("main_files", "").strip();
    return listed.isEmpty() ? List.of() : Arrays.stream(listed.split("\\s+"))
        .filter(f -> !f.equals(options) && !f.contains("_exim4-config_")).toList();
  }

  @Override
  public Optional<ModulePlan> plan(PlanInput in) throws BadInputException {
    ProductFact fact = in.fact();
    String version = fact.version();
    Map<String, Object> ctx = PlanContext.of(in, DATA.protocolFloor(version));
    ctx.put("wrapped", WRAPPED);
    ctx.put("gnutls_versions", DATA.textsByKey("gnutls_versions", ctx));
    Map<String, String> edited = new LinkedHashMap<>();

    String optionsPath = optionsFile(fact);
    RemoteFile options = in.file(optionsPath);
    boolean wholeFileIsMain = !fact.details().get("config_style").equals("plain");
    if (!wholeFileIsMain && !options.exists()) {
      throw new BadInputException("host " + in.host().host(), optionsPath + " is missing");
    }
    String before = options.exists() ? options.content() : "";
    EximConfigText config = new EximConfigText(before);
    KeyValueLines main = new KeyValueLines(wholeFileIsMain ? before : config.main(), '=',
        "# TLS hardening by mailharden (profile " + in.profile().name() + ")");
    Map<String, KeyValueLines> adminMain = new LinkedHashMap<>();
    for (String path : adminMainFiles(fact)) {
      RemoteFile f = in.file(path);
      if (f.exists()) {
        adminMain.put(path, new KeyValueLines(f.content(), '=', ""));
      }
    }
    List<ModuleData.Setting> settings = DATA.settings("main", version, ctx);
    for (ModuleData.Setting s : settings) {
      Optional<KeyValueLines> admins = adminMain.values().stream()
          .filter(f -> f.get(s.name()).isPresent()).reduce((first, last) -> last);
      if (Boolean.TRUE.equals(s.extra().get("absent"))) {
        main.remove(s.name());
      } else if (s.extra().containsKey("wraps")) {
        main.set(s.name(), wrapping(s, main));
      } else if (admins.isPresent()) {
        // The admin's own line takes the value; ours would be "set for the second time".
        admins.get().set(s.name(), s.value());
        main.remove(s.name());
      } else {
        main.set(s.name(), s.value());
      }
    }
    String avoidTls = DATA.text("hosts_avoid_tls." + style(fact), ctx);
    List<String> allHosts = DATA.texts("all_hosts", ctx);
    if (!avoidTls.contains(".") && main.get(avoidTls).map(v -> listsAny(v, allHosts))
        .orElse(false)) {
      main.remove(avoidTls);
    }
    edited.put(optionsPath, wholeFileIsMain ? main.text() : config.withMain(main.text()));
    adminMain.forEach((path, f) -> edited.put(path, f.text()));
    editRemoteSmtp(in, ctx, edited, avoidTls, allHosts);

    List<ModuleData.Setting> authOptions = DATA.settings("authenticators", version, ctx);
    for (String path : authFiles(fact)) {
      RemoteFile f = in.file(path);
      if (!f.exists()) {
        throw new BadInputException("host " + in.host().host(), path + " is missing");
      }
      String text = edited.getOrDefault(path, f.content());
      boolean wholeFileIsAuth = fact.details().get("config_style").equals("debian-split");
      EximConfigText auth = new EximConfigText(text);
      EximAuthenticators servers = new EximAuthenticators(wholeFileIsAuth
          ? Arrays.asList(text.split("\n", -1)) : auth.section("authenticators"));
      for (ModuleData.Setting s : authOptions) {
        servers.setOnServers(s.name(), s.value());
      }
      edited.put(path, wholeFileIsAuth ? String.join("\n", servers.lines())
          : auth.withSection("authenticators", servers.lines()));
    }

    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : edited.entrySet()) {
      RemoteFile f = in.file(e.getKey());
      changes.add(new FileChange(f.path(), f.exists() ? f.content() : null, e.getValue(),
          "644"));
    }
    List<String> validate = new ArrayList<>();
    validate.add(DATA.command("validate_config." + style(fact), ctx));
    validate.addAll(DATA.commands("validate", ctx));
    return Optional.of(DATA.modulePlan(name(), changes, validate, false, fact.version(), ctx)
        .withEffective(DATA.effective("main", settings.stream()
            .filter(s -> !s.extra().containsKey("wraps")).toList(), ctx)));
  }

  /**
   * The remote_smtp transport: the data's options set, and (a plain exim4.conf) a
   * hosts_avoid_tls that exempts every host removed. A config without remote_smtp (an admin
   * who removed or renamed it) is left as it is: the outbound check still judges what the
   * MTA sends.
   */
  private static void editRemoteSmtp(PlanInput in, Map<String, Object> ctx,
      Map<String, String> edited, String avoidTls, List<String> allHosts)
      throws BadInputException {
    String path = DATA.text("remote_smtp_file." + style(in.fact()), ctx);
    RemoteFile f = in.file(path);
    if (!f.exists()) {
      return;
    }
    String text = edited.getOrDefault(path, f.content());
    boolean wholeFile = style(in.fact()).equals("debian-split");
    EximConfigText config = new EximConfigText(text);
    EximDrivers transports = new EximDrivers(wholeFile
        ? Arrays.asList(text.split("\n", -1)) : config.section("transports"));
    Optional<Integer> remoteSmtp = transports.start("remote_smtp");
    if (remoteSmtp.isEmpty()) {
      return;
    }
    for (ModuleData.Setting s : DATA.settings("remote_smtp", in.fact().version(), ctx)) {
      transports.set(remoteSmtp.get(), s.name(), s.value());
    }
    if (avoidTls.startsWith("remote_smtp.")) {
      transports.remove(remoteSmtp.get(), avoidTls.substring(avoidTls.indexOf('.') + 1),
          v -> listsAny(v, allHosts));
    }
    edited.put(path, wholeFile ? String.join("\n", transports.lines())
        : config.withSection("transports", transports.lines()));
  }

  /**
   * Whether Exim host list {@code list} holds one of {@code items}: ':' separated (a doubled
   * colon stands for one), or by the character after a leading '<'.
   */
  static boolean listsAny(String list, List<String> items) {
    String body = list.strip();
    String[] parts;
    if (body.startsWith("<") && body.length() > 1) {
      parts = body.substring(2).split(java.util.regex.Pattern.quote(body.substring(1, 2)));
    } else {
      parts = body.replace("::", "\u0000").split(":");
    }
    return Arrays.stream(parts).map(p -> p.replace('\u0000', ':').strip())
        .anyMatch(items::contains);
  }

  @Override
  public Optional<SenderIdentity> senderIdentity(ProductFact fact,
      Map<String, RemoteFile> files) throws BadInputException {
    String style = style(fact);
    RemoteFile options = files.get(optionsFile(fact));
    String text = options == null || !options.exists() ? "" : options.content();
    String heloSetting = DATA.text("sender_helo_name." + style, Map.of());
    String certSetting = DATA.text("sender_client_cert." + style, Map.of());
    String primary = fact.details().getOrDefault("primary_hostname", "");
    Optional<String> set = setting(text, heloSetting);
    String helo = set.orElse("$primary_hostname")
        .replace("${primary_hostname}", primary).replace("$primary_hostname", primary);
    Optional<String> cert = setting(text, certSetting).filter(c -> !c.isEmpty());
    return Optional.of(new SenderIdentity(helo, set.isPresent() ? heloSetting
        : "primary_hostname", cert));
  }

  /**
   * The value of a setting that wraps what the option held before mailharden ({@code
   * wrapped} in its value; {@code wraps}: the stock value where the option is unset). A
   * value that is already this wrapper is unwrapped first, so a second apply changes
   * nothing and the admin's value stays inside.
   */
  private static String wrapping(ModuleData.Setting s, KeyValueLines main) {
    if (!s.value().contains(WRAPPED)) {
      throw new IllegalStateException("exim module data: " + s.name() + " wraps nothing");
    }
    String prefix = s.value().substring(0, s.value().indexOf(WRAPPED));
    String suffix = s.value().substring(prefix.length() + WRAPPED.length());
    String current = main.get(s.name()).orElse(String.valueOf(s.extra().get("wraps")));
    boolean ours = current.length() >= prefix.length() + suffix.length()
        && current.startsWith(prefix) && current.endsWith(suffix);
    return prefix + (ours ? current.substring(prefix.length(), current.length()
        - suffix.length()) : current) + suffix;
  }

  /**
   * A macro (Debian styles: {@code NAME = value} in the options file) or a transport option
   * ({@code transport.option}: the option inside that transport of a plain exim4.conf).
   */
  private static Optional<String> setting(String text, String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? new KeyValueLines(text, '=', "").get(name).map(String::strip)
        : EximTransportOption.read(text, name.substring(0, dot), name.substring(dot + 1));
  }

  private static String style(ProductFact fact) throws BadInputException {
    String style = fact.details().getOrDefault("config_style", "");
    if (!STYLES.contains(style)) {
      throw new BadInputException("exim " + fact.version(), "cannot tell how this Exim is"
          + " configured (no /etc/exim4/exim4.conf nor update-exim4.conf.conf): not hardened");
    }
    return style;
  }

  private static String optionsFile(ProductFact fact) throws BadInputException {
    return DATA.text("options_file." + style(fact), Map.of());
  }

  /** The split config's conf.d/auth files (facts), or the one file holding the section. */
  private static List<String> authFiles(ProductFact fact) throws BadInputException {
    if (style(fact).equals("debian-split")) {
      String listed = fact.details().getOrDefault("auth_files", "").strip();
      return listed.isEmpty() ? List.of() : List.of(listed.split("\\s+"));
    }
    return List.of(DATA.text("auth_file." + style(fact), Map.of()));
  }
}
