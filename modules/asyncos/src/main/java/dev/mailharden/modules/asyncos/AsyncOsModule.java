package dev.mailharden.modules.asyncos;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.CliSession;
import dev.mailharden.core.connect.CliSession.Exchange;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.plan.PlanException;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.playbook.TlsProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cisco ESA / IronPort (AsyncOS): TLS is changed only through {@code sslconfig} in its SSH
 * CLI, then {@code commit}. Inbound SMTP gets a method without SSL (TLS 1.0 as the floor
 * only where the version has nothing higher) and the profile's cipher string, checked with
 * {@code VERIFY} first; outbound gets the widest method without SSL and keeps its ciphers,
 * since delivery to other MTAs stays opportunistic. Menus by version are data in
 * {@code mailharden/asyncos/settings.yaml}.
 */
public final class AsyncOsModule implements ApplianceModule {

  /** Every AsyncOS prompt ends in "> " ("host> ", "[]> ", "[5]> ", "[Y]> "). */
  private static final Pattern PROMPT_END = Pattern.compile("> \\z");
  /** The main prompt, "esa1.example.com> ", as the last line of the question. */
  private static final String MAIN = "(?m)^[A-Za-z0-9][A-Za-z0-9.-]*> ?\\z";
  private static final String MAIN_NAME = "the main prompt (host> )";
  private static final String OPERATION = "Choose the operation you want to perform";
  private static final Pattern BANNER =
      Pattern.compile("AsyncOS (\\d[\\w.]*) for Cisco (\\S+) build (\\d+)");
  private static final Pattern VERSION = Pattern.compile("(?m)^Version: (\\d\\S*)\\s*$");
  private static final Pattern MODEL = Pattern.compile("(?m)^Model: (\\S+)\\s*$");

  private final AsyncOsRules rules = new AsyncOsRules();

  @Override
  public String name() {
    return "asyncos";
  }

  @Override
  public boolean claims(String networkOs) {
    try {
      return rules.networkOs().contains(networkOs.toLowerCase(Locale.ROOT));
    } catch (BadInputException e) {
      throw new IllegalStateException("broken module data: " + e.getMessage(), e);
    }
  }

  @Override
  public Pattern promptEnd() {
    return PROMPT_END;
  }

  /** The login banner names AsyncOS; {@code version} gives the exact version and model. */
  @Override
  public ProductFact detect(CliSession cli) throws ConnectionException {
    String banner = cli.expect(Pattern.compile(MAIN), MAIN_NAME);
    Matcher b = BANNER.matcher(banner);
    if (!b.find()) {
      throw new ConnectionException(cli.hostName(), ConnectionException.Kind.DIALOGUE,
          "not an AsyncOS appliance: no 'AsyncOS <version> for Cisco <model> build <n>'"
              + " in its login banner: " + banner.strip().replace("\n", " / "));
    }
    String out = cli.exchange(Exchange.of("version", MAIN, MAIN_NAME));
    Matcher v = VERSION.matcher(out);
    Matcher m = MODEL.matcher(out);
    if (!v.find()) {
      throw new ConnectionException(cli.hostName(), ConnectionException.Kind.DIALOGUE,
          "'version' printed no 'Version:' line: " + out.strip().replace("\n", " / "));
    }
    return new ProductFact(name(), v.group(1), Map.of(
        "model", m.find() ? m.group(1) : b.group(2), "banner", b.group()));
  }

  @Override
  public Map<String, String> read(CliSession cli, ProductFact fact) throws ConnectionException {
    String screen = cli.exchange(Exchange.of("sslconfig", OPERATION));
    cli.exchange(Exchange.of("", MAIN, MAIN_NAME));
    try {
      return SslConfig.settings(screen);
    } catch (IllegalArgumentException e) {
      throw new ConnectionException(cli.hostName(), ConnectionException.Kind.DIALOGUE,
          "cannot read sslconfig: " + e.getMessage());
    }
  }

  @Override
  public Target target(CliSession cli, ProductFact fact, Map<String, String> current,
      Profile profile) throws ConnectionException, PlanException, BadInputException {
    AsyncOsRules.Menu menu = menu(fact);
    List<String> notes = new ArrayList<>();
    notes.add("AsyncOS " + fact.version() + ": sslconfig menu of " + menu.generation());
    Map<String, String> wanted = new LinkedHashMap<>();
    TlsProtocol inFloor = TlsProtocol.max(rules.floor("inbound", fact.version()),
        profile.service("submission").minProtocol());
    TlsProtocol outFloor = TlsProtocol.max(rules.floor("outbound", fact.version()),
        profile.service("mta").minProtocol());
    method(menu, inFloor, "inbound", notes).ifPresent(m ->
        wanted.put(SslConfig.INBOUND_METHOD, m.shows()));
    method(menu, outFloor, "outbound", notes).ifPresent(m ->
        wanted.put(SslConfig.OUTBOUND_METHOD, m.shows()));
    if (!menu.offers(TlsProtocol.TLSv1_2)) {
      notes.add("AsyncOS " + fact.version() + " has no TLS 1.2 (it came with 9.5):"
          + " TLS 1.0 is the best it can do");
    }
    String ciphers = profile.service("submission").ciphers();
    if (!ciphers.isEmpty() && !ciphers.equals(current.get(SslConfig.INBOUND_CIPHERS))) {
      verify(cli, ciphers, profile);
      wanted.put(SslConfig.INBOUND_CIPHERS, ciphers);
    }
    if (menu.offers(TlsProtocol.TLSv1_3)) {
      notes.add("TLS 1.3 suites are fixed by AsyncOS; the cipher string governs TLS 1.2 and"
          + " below");
    }
    return new Target(wanted, notes);
  }

  private static Optional<AsyncOsRules.Method> method(AsyncOsRules.Menu menu, TlsProtocol floor,
      String direction, List<String> notes) {
    Optional<AsyncOsRules.Method> m = menu.widestFrom(floor);
    if (m.isEmpty()) {
      notes.add(direction + " method left alone: this version offers no method without SSL"
          + " from " + floor.label());
    }
    return m;
  }

  /** Asks the appliance to expand the cipher string; one it expands to nothing is refused. */
  private void verify(CliSession cli, String ciphers, Profile profile)
      throws ConnectionException, PlanException {
    cli.exchange(Exchange.of("sslconfig", OPERATION));
    cli.exchange(Exchange.of("VERIFY", "Enter the ssl cipher you want to verify"));
    String listed = cli.exchange(Exchange.of(ciphers, OPERATION));
    cli.exchange(Exchange.of("", MAIN, MAIN_NAME));
    if (SslConfig.verifiedCiphers(listed) == 0) {
      throw new PlanException(cli.hostName() + ": AsyncOS's VERIFY expands the cipher string"
          + " of profile " + profile.name() + " to no cipher this version has; nothing was"
          + " changed: " + ciphers);
    }
  }

  @Override
  public List<Exchange> change(ProductFact fact, Map<String, String> from,
      Map<String, String> to) {
    if (from.equals(to)) {
      return List.of();
    }
    AsyncOsRules.Menu menu = menu(fact);
    List<Exchange> d = new ArrayList<>();
    d.add(Exchange.of("sslconfig", OPERATION));
    edit(d, menu, "Inbound", SslConfig.INBOUND_METHOD, SslConfig.INBOUND_CIPHERS, from, to);
    edit(d, menu, "Outbound", SslConfig.OUTBOUND_METHOD, SslConfig.OUTBOUND_CIPHERS, from, to);
    d.add(Exchange.of("", MAIN, MAIN_NAME));
    return d;
  }

  /** INBOUND / OUTBOUND: the method's number, then the cipher string (Enter keeps it). */
  private static void edit(List<Exchange> d, AsyncOsRules.Menu menu, String direction,
      String methodKey, String ciphersKey, Map<String, String> from, Map<String, String> to) {
    if (from.get(methodKey).equals(to.get(methodKey))
        && from.get(ciphersKey).equals(to.get(ciphersKey))) {
      return;
    }
    String lower = direction.toLowerCase(Locale.ROOT);
    AsyncOsRules.Method method = menu.byToken(to.get(methodKey)).orElseThrow(() ->
        new IllegalStateException("AsyncOS menu " + menu.generation() + " has no method '"
            + to.get(methodKey) + "'"));
    d.add(Exchange.of(direction.toUpperCase(Locale.ROOT),
        "Enter the " + lower + " SMTP ssl method you want to use"));
    d.add(Exchange.of(String.valueOf(method.number()),
        "Enter the " + lower + " SMTP ssl cipher you want to use"));
    String ciphers = to.get(ciphersKey);
    d.add(Exchange.of(ciphers.equals(from.get(ciphersKey)) ? "" : ciphers, OPERATION));
  }

  @Override
  public List<Exchange> commit(ProductFact fact, String comment) {
    boolean rollback = menu(fact).commitAsksRollback();
    String comments = "Please enter some comments describing your changes";
    if (!rollback) {
      return List.of(Exchange.of("commit", comments), Exchange.of(comment, MAIN, MAIN_NAME));
    }
    return List.of(Exchange.of("commit", comments),
        Exchange.of(comment, "save the current configuration for rollback"),
        Exchange.of("Y", MAIN, MAIN_NAME));
  }

  @Override
  public List<Integer> ports(ProductFact fact) {
    try {
      return rules.ports();
    } catch (BadInputException e) {
      throw new IllegalStateException("broken module data: " + e.getMessage(), e);
    }
  }

  /** The menu of this version; the version was read from the appliance, the menus are ours. */
  private AsyncOsRules.Menu menu(ProductFact fact) {
    try {
      return rules.menu(fact.version());
    } catch (BadInputException e) {
      throw new IllegalStateException("broken module data: " + e.getMessage(), e);
    }
  }
}
