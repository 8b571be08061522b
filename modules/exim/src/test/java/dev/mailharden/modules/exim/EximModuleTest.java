package dev.mailharden.modules.exim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.edit.KeyValueLines;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.plan.RemoteFile;
import dev.mailharden.core.playbook.HostValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Exim module on Debian's real exim4-config files, in all three config styles. */
class EximModuleTest {

  static final String LOCALMACROS = "/etc/exim4/conf.d/main/000_localmacros";
  static final String AUTH_DIR = "/etc/exim4/conf.d/auth/";
  static final String REMOTE_SMTP = "/etc/exim4/conf.d/transport/30_exim4-config_remote_smtp";
  /** The client side on GnuTLS: broad NORMAL ciphers, TLS 1.0 and up (both profiles). */
  static final String CLIENT_LINE = "  tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3"
      + ":+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0\n";
  static final List<String> AUTH_FILES = List.of("00_exim4-config_header",
      "30_exim4-config_examples");
  /** An authenticator an admin enabled, without Debian's advertise guard. */
  static final String ADMIN_AUTH = "# admin: our submission users\nplain_server:\n"
      + "  driver = plaintext\n  public_name = PLAIN\n"
      + "  server_condition = ${if eq{$auth2}{alice}}\n  server_set_id = $auth2\n";
  static final String MODERN_GNUTLS = "${if eq{$received_port}{25}{NORMAL}"
      + "{SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2}}";
  static final String BETTERCRYPTO_GNUTLS = "${if eq{$received_port}{25}"
      + "{NORMAL:%SERVER_PRECEDENCE}{SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
      + ":+VERS-TLS1.1:+VERS-TLS1.0:%SERVER_PRECEDENCE}}";

  /** The MAIL ACL on 587 before TLS: one deny, else the ACL in force before ({@code %s}). */
  static final String MAIL_ACL = "${if and{{eq{$received_port}{587}}{!def:tls_in_cipher}}"
      + "{deny message = 530 5.7.0 Must issue a STARTTLS command first}{%s}}";

  static Stream<Arguments> debian() {
    return Stream.of(
        Arguments.of("trixie", "4.98.2", "bettercrypto"),
        Arguments.of("trixie", "4.98.2", "modern"),
        Arguments.of("bookworm", "4.96", "bettercrypto"),
        Arguments.of("bookworm", "4.96", "modern"));
  }

  private static Path dir(String release) {
    return Path.of("src/test/resources/debian-" + release);
  }

  private static ProductFact fact(String version, String style, String tlsLibrary) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("binary", "/usr/sbin/exim4");
    d.put("tls_library", tlsLibrary);
    d.put("config_style", style);
    d.put("exim_user", "Debian-exim");
    d.put("auth_files", String.join(" ", AUTH_FILES.stream().map(f -> AUTH_DIR + f).toList())
        + " " + AUTH_DIR + "40_admin");
    return new ProductFact("exim", version, d);
  }

  /** Split config as Debian installs it (no local macros file yet), plus an admin's authenticator. */
  private static PlanInput split(String release, String version, String profile,
      String tlsLibrary, String localMacros, HostValues values) {
    Map<String, RemoteFile> files = new LinkedHashMap<>();
    files.put(LOCALMACROS, new RemoteFile(LOCALMACROS, localMacros, "644", "root", "root"));
    for (String f : AUTH_FILES) {
      files.put(AUTH_DIR + f, new RemoteFile(AUTH_DIR + f,
          PlanInputs.read(dir(release).resolve("conf.d/auth/" + f)), "644", "root", "root"));
    }
    files.put(AUTH_DIR + "40_admin", new RemoteFile(AUTH_DIR + "40_admin", ADMIN_AUTH, "644",
        "root", "root"));
    files.put(REMOTE_SMTP, new RemoteFile(REMOTE_SMTP, PlanInputs.read(dir(release)
        .resolve("conf.d/transport/30_exim4-config_remote_smtp")), "644", "root", "root"));
    PlanInput base = PlanInputs.of(fact(version, "debian-split", tlsLibrary), profile, values,
        Map.of());
    return new PlanInput(base.fact(), base.host(), base.profile(), base.values(), files);
  }

  private static PlanInput split(String release, String version, String profile) {
    return split(release, version, profile, "gnutls", null, PlanInputs.LAB_VALUES);
  }

  private static String after(ModulePlan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst()
        .map(FileChange::after).orElse(null);
  }

  private static KeyValueLines macros(String text) {
    return new KeyValueLines(text, '=', "#");
  }

  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void secondPlanOnTheResultChangesNothing(String release, String version, String profile)
      throws Exception {
    for (PlanInput in : List.of(split(release, version, profile),
        split(release, version, profile, "openssl", "MAIN_TLS_ENABLE = yes\n",
            PlanInputs.LAB_VALUES))) {
      ModulePlan first = new EximModule().plan(in).orElseThrow();
      assertTrue(first.changed());
      ModulePlan second = new EximModule().plan(PlanInputs.afterApplying(in, first))
          .orElseThrow();
      assertEquals(List.of(), second.changes(), "not idempotent");
    }
  }

  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void splitConfigGetsDebiansMacrosAndAGnuTlsPriorityStringPerPort(String release,
      String version, String profile) throws Exception {
    ModulePlan plan = new EximModule().plan(split(release, version, profile)).orElseThrow();
    KeyValueLines m = macros(after(plan, LOCALMACROS));
    assertEquals("yes", m.get("MAIN_TLS_ENABLE").orElseThrow());
    assertEquals(PlanInputs.LAB_VALUES.tlsCert(), m.get("MAIN_TLS_CERTIFICATE").orElseThrow());
    assertEquals(PlanInputs.LAB_VALUES.tlsKey(), m.get("MAIN_TLS_PRIVATEKEY").orElseThrow());
    assertEquals("25 : 587", m.get("daemon_smtp_ports").orElseThrow());
    assertFalse(m.get("tls_on_connect_ports").isPresent(), "465 is not a role of this host");
    // trap 5: GnuTLS build, so never openssl_options nor an OpenSSL cipher list.
    assertFalse(after(plan, LOCALMACROS).contains("openssl_options"));
    assertEquals(profile.equals("modern") ? MODERN_GNUTLS : BETTERCRYPTO_GNUTLS,
        m.get("tls_require_ciphers").orElseThrow());
    assertEquals(profile.equals("modern") ? "ffdhe2048" : PlanInputs.LAB_VALUES.dhFile(),
        m.get("tls_dhparam").orElseThrow());
    // Created with one header, so the file is ours to read.
    assertNull(plan.changes().stream().filter(c -> c.path().equals(LOCALMACROS)).findFirst()
        .orElseThrow().before());
    assertTrue(after(plan, LOCALMACROS).startsWith("# TLS hardening by mailharden (profile "
        + profile + ")\nMAIN_TLS_ENABLE = yes\n"), after(plan, LOCALMACROS));
    // Debian's validation, then the key check as Exim's user.
    assertEquals("update-exim4.conf --check", plan.validate().get(0));
    assertTrue(plan.validate().get(1).startsWith("runuser -u Debian-exim -- test -r "
        + PlanInputs.LAB_VALUES.tlsKey()), plan.validate().toString());
    assertEquals("exim4", plan.service());
  }

  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void onlyServerAuthenticatorsGainTheTlsOnlyAdvertiseCondition(String release,
      String version, String profile) throws Exception {
    ModulePlan plan = new EximModule().plan(split(release, version, profile)).orElseThrow();
    // Debian's examples are commented out (and already carry the condition): untouched.
    for (String f : AUTH_FILES) {
      assertNull(after(plan, AUTH_DIR + f), f + " changed");
    }
    assertEquals("# admin: our submission users\nplain_server:\n  driver = plaintext\n"
        + "  server_advertise_condition = ${if eq{$tls_in_cipher}{}{}{*}}\n"
        + "  public_name = PLAIN\n  server_condition = ${if eq{$auth2}{alice}}\n"
        + "  server_set_id = $auth2\n", after(plan, AUTH_DIR + "40_admin"));
  }

  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void splitConfigRefusesMailBeforeTlsOn587ThroughDebiansMailAclHook(String release,
      String version, String profile) throws Exception {
    ModulePlan plan = new EximModule().plan(split(release, version, profile)).orElseThrow();
    // Debian's options read the hook: acl_smtp_mail = MAIN_ACL_CHECK_MAIL (default
    // acl_check_mail, whose only clause is "accept"), so the macro is the whole edit.
    String template = PlanInputs.read(dir(release).resolve("exim4.conf.template"));
    assertTrue(template.contains(".ifndef MAIN_ACL_CHECK_MAIL\nMAIN_ACL_CHECK_MAIL ="
        + " acl_check_mail\n.endif\nacl_smtp_mail = MAIN_ACL_CHECK_MAIL\n"));
    String text = after(plan, LOCALMACROS);
    assertTrue(text.contains("\nMAIN_ACL_CHECK_MAIL = " + MAIL_ACL.formatted("acl_check_mail")
        + "\n"), text);
  }

  @Test
  void theAdminsOwnMailAclStaysInsideAndASecondApplyChangesNothing() throws Exception {
    String admin = "# admin: our sender checks\nMAIN_ACL_CHECK_MAIL = acl_admin_mail\n"
        + "MESSAGE_SIZE_LIMIT = 20M\n";
    PlanInput in = split("trixie", "4.98.2", "modern", "gnutls", admin,
        PlanInputs.LAB_VALUES);
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    // Replaced where it was (the only line changed above the appended block).
    assertTrue(after(plan, LOCALMACROS).startsWith("# admin: our sender checks\n"
        + "MAIN_ACL_CHECK_MAIL = " + MAIL_ACL.formatted("acl_admin_mail") + "\n"
        + "MESSAGE_SIZE_LIMIT = 20M\n\n# TLS hardening by mailharden"), after(plan, LOCALMACROS));
    PlanInput applied = PlanInputs.afterApplying(in, plan);
    assertEquals(List.of(), new EximModule().plan(applied).orElseThrow().changes(),
        "the wrapper was wrapped again");
    // Another profile keeps the same single wrapper around the admin's ACL.
    ModulePlan other = new EximModule().plan(new PlanInput(applied.fact(), applied.host(),
        PlanInputs.profile("bettercrypto"), applied.values(), applied.files())).orElseThrow();
    assertEquals(MAIL_ACL.formatted("acl_admin_mail"), macros(after(other, LOCALMACROS))
        .get("MAIN_ACL_CHECK_MAIL").orElseThrow());
  }

  @Test
  void withoutTheSubmissionRoleTheMailAclIsLeftAlone() throws Exception {
    HostValues mtaOnly = new HostValues(PlanInputs.LAB_VALUES.tlsCert(),
        PlanInputs.LAB_VALUES.tlsKey(), Set.of("mta", "mda"), PlanInputs.LAB_VALUES.dhFile());
    ModulePlan plan = new EximModule().plan(split("bookworm", "4.96", "modern", "gnutls",
        null, mtaOnly)).orElseThrow();
    assertFalse(macros(after(plan, LOCALMACROS)).get("MAIN_ACL_CHECK_MAIL").isPresent());
    assertEquals("25", macros(after(plan, LOCALMACROS)).get("daemon_smtp_ports").orElseThrow());
  }

  @Test
  void theAdminsMacrosStayAndTheirAllowNoTlsPasswordsGoes() throws Exception {
    String admin = "# admin: local settings\nMAIN_TLS_ENABLE = yes\n"
        + "AUTH_SERVER_ALLOW_NOTLS_PASSWORDS = 1\nMESSAGE_SIZE_LIMIT = 20M\n";
    HostValues smtps = new HostValues(PlanInputs.LAB_VALUES.tlsCert(),
        PlanInputs.LAB_VALUES.tlsKey(), Set.of("mta", "msa", "smtps", "mda"),
        PlanInputs.LAB_VALUES.dhFile());
    ModulePlan plan = new EximModule().plan(split("trixie", "4.98.2", "modern", "gnutls",
        admin, smtps)).orElseThrow();
    String text = after(plan, LOCALMACROS);
    assertTrue(text.startsWith("# admin: local settings\nMAIN_TLS_ENABLE = yes\n"
        + "MESSAGE_SIZE_LIMIT = 20M\n\n# TLS hardening by mailharden"), text);
    assertEquals("25 : 587 : 465", macros(text).get("daemon_smtp_ports").orElseThrow());
    assertEquals("465", macros(text).get("tls_on_connect_ports").orElseThrow());
  }

  @Test
  void openSslBuildGetsOpenSslOptionsAndTheProfileCiphers() throws Exception {
    ModulePlan plan = new EximModule().plan(split("bookworm", "4.96", "modern", "openssl",
        "MAIN_TLS_ENABLE = yes\n", PlanInputs.LAB_VALUES)).orElseThrow();
    KeyValueLines m = macros(after(plan, LOCALMACROS));
    assertEquals("+no_sslv2 +no_sslv3 +no_tlsv1 +no_tlsv1_1 +no_compression",
        m.get("openssl_options").orElseThrow());
    assertEquals("${if eq{$received_port}{25}{DEFAULT}{"
        + PlanInputs.profile("modern").service("submission").ciphers() + "}}",
        m.get("tls_require_ciphers").orElseThrow());
    ModulePlan better = new EximModule().plan(split("bookworm", "4.96", "bettercrypto",
        "openssl", null, PlanInputs.LAB_VALUES)).orElseThrow();
    assertEquals("+no_sslv2 +no_sslv3 +no_compression +cipher_server_preference",
        macros(after(better, LOCALMACROS)).get("openssl_options").orElseThrow());
  }

  @Test
  void unsplitConfigWritesTheLocalMacrosFileAndEditsTheTemplatesAuthenticatorsOnly()
      throws Exception {
    String template = PlanInputs.read(dir("bookworm").resolve("exim4.conf.template"));
    PlanInput base = PlanInputs.of(fact("4.96", "debian-unsplit", "gnutls"), "modern",
        PlanInputs.LAB_VALUES, Map.of("/etc/exim4/exim4.conf.template",
            dir("bookworm").resolve("exim4.conf.template")));
    Map<String, RemoteFile> files = new LinkedHashMap<>(base.files());
    files.put("/etc/exim4/exim4.conf.localmacros", new RemoteFile(
        "/etc/exim4/exim4.conf.localmacros", null, "644", "root", "root"));
    PlanInput in = new PlanInput(base.fact(), base.host(), base.profile(), base.values(), files);
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    assertEquals(List.of("/etc/exim4/exim4.conf.localmacros", "/etc/exim4/exim4.conf.template"),
        plan.changes().stream().map(FileChange::path).toList());
    // The template's authenticators are all commented out: only remote_smtp gains a line.
    assertEquals(template, after(plan, "/etc/exim4/exim4.conf.template").replace(CLIENT_LINE,
        ""));
    assertTrue(after(plan, "/etc/exim4/exim4.conf.template").contains("\nremote_smtp:\n"
        + "  debug_print = \"T: remote_smtp for $local_part@$domain\"\n  driver = smtp\n"
        + CLIENT_LINE));
    assertEquals(MODERN_GNUTLS, macros(after(plan, "/etc/exim4/exim4.conf.localmacros"))
        .get("tls_require_ciphers").orElseThrow());
    assertEquals(MAIL_ACL.formatted("acl_check_mail"), macros(after(plan,
        "/etc/exim4/exim4.conf.localmacros")).get("MAIN_ACL_CHECK_MAIL").orElseThrow());
    assertTrue(template.contains("acl_smtp_mail = MAIN_ACL_CHECK_MAIL\n"));
    assertEquals(List.of(), new EximModule().plan(PlanInputs.afterApplying(in, plan))
        .orElseThrow().changes());
    assertTrue(template.contains("begin authenticators"));
  }

  @Test
  void plainConfigGetsOptionsAtTheEndOfItsMainSectionAndItsAuthenticatorsEdited()
      throws Exception {
    String stock = PlanInputs.read(dir("bookworm").resolve("exim4.conf.plain"));
    // The admin enabled an authenticator in their hand-written exim4.conf.
    String plain = stock.replace("begin authenticators\n", "begin authenticators\n"
        + ADMIN_AUTH);
    PlanInput base = PlanInputs.of(fact("4.96", "plain", "gnutls"), "bettercrypto",
        PlanInputs.LAB_VALUES, Map.of());
    Map<String, RemoteFile> files = Map.of("/etc/exim4/exim4.conf",
        new RemoteFile("/etc/exim4/exim4.conf", plain, "644", "root", "root"));
    PlanInput in = new PlanInput(base.fact(), base.host(), base.profile(), base.values(), files);
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    String text = after(plan, "/etc/exim4/exim4.conf");
    String main = text.substring(0, text.indexOf("\nbegin acl\n"));
    KeyValueLines m = macros(main);
    // Debian's .ifdef MAIN_TLS_ENABLE block is inactive here: its lines are not ours.
    assertEquals(PlanInputs.LAB_VALUES.tlsCert(), m.get("tls_certificate").orElseThrow());
    assertEquals(BETTERCRYPTO_GNUTLS, m.get("tls_require_ciphers").orElseThrow());
    assertFalse(main.contains("MAIN_TLS_ENABLE ="), "no Debian macros in a plain config");
    assertTrue(text.contains("plain_server:\n  driver = plaintext\n"
        + "  server_advertise_condition = ${if eq{$tls_in_cipher}{}{}{*}}\n"), text);
    assertEquals("/usr/sbin/exim4 -C /etc/exim4/exim4.conf -bV >/dev/null",
        plan.validate().get(0));
    // Everything after the main section is the admin's, except the one added line.
    assertEquals(plain.substring(plain.indexOf("\nbegin acl\n")),
        text.substring(text.indexOf("\nbegin acl\n")).replace("  driver = plaintext\n"
            + "  server_advertise_condition = ${if eq{$tls_in_cipher}{}{}{*}}\n",
            "  driver = plaintext\n").replace(CLIENT_LINE, ""));
    // The MAIL ACL option is replaced where it is, wrapping what it named.
    String stockMailAcl = "acl_smtp_mail = MAIN_ACL_CHECK_MAIL\n";
    assertTrue(main.contains(".endif\nacl_smtp_mail = "
        + MAIL_ACL.formatted("MAIN_ACL_CHECK_MAIL") + "\n"), main);
    assertLinesSurviveInOrder(plain.replace(stockMailAcl, ""), text);
    assertEquals(List.of(), new EximModule().plan(PlanInputs.afterApplying(in, plan))
        .orElseThrow().changes());
  }

  @Test
  void plainConfigWithoutAMailAclGetsOneThatAcceptsMailExceptOn587BeforeTls()
      throws Exception {
    String plain = PlanInputs.read(dir("bookworm").resolve("exim4.conf.plain"))
        .replace("acl_smtp_mail = MAIN_ACL_CHECK_MAIL\n", "");
    PlanInput base = PlanInputs.of(fact("4.96", "plain", "gnutls"), "modern",
        PlanInputs.LAB_VALUES, Map.of());
    PlanInput in = new PlanInput(base.fact(), base.host(), base.profile(), base.values(),
        Map.of("/etc/exim4/exim4.conf", new RemoteFile("/etc/exim4/exim4.conf", plain, "644",
            "root", "root")));
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    String text = after(plan, "/etc/exim4/exim4.conf");
    assertEquals(MAIL_ACL.formatted("accept"), macros(text.substring(0,
        text.indexOf("\nbegin acl\n"))).get("acl_smtp_mail").orElseThrow());
    assertEquals(List.of(), new EximModule().plan(PlanInputs.afterApplying(in, plan))
        .orElseThrow().changes());
  }

  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void everyLineTheProfileDoesNotOwnSurvivesInOrder(String release, String version,
      String profile) throws Exception {
    String admin = "# admin\nMAIN_TLS_ENABLE = yes\nMAIN_LOG_SELECTOR = +all\n";
    ModulePlan plan = new EximModule().plan(split(release, version, profile, "gnutls", admin,
        PlanInputs.LAB_VALUES)).orElseThrow();
    for (FileChange c : plan.changes()) {
      assertLinesSurviveInOrder(c.before(), c.after());
    }
  }

  private static void assertLinesSurviveInOrder(String before, String after) {
    List<String> out = new ArrayList<>(Arrays.asList(after.split("\n", -1)));
    int cursor = 0;
    for (String line : before.split("\n", -1)) {
      int found = out.subList(cursor, out.size()).indexOf(line);
      assertTrue(found >= 0, "lost or reordered line: " + line);
      cursor += found + 1;
    }
  }

  /** A key path is data, never code: the checks run as root with it as one argument. */
  @Test
  void keyPathsReachTheChecksAsOneArgumentNeverAsCode(@TempDir Path tmp) throws Exception {
    Path marker = tmp.resolve("ran");
    String evil = "/etc/ssl/private/mail key $(touch " + marker + ")";
    HostValues values = new HostValues(PlanInputs.LAB_VALUES.tlsCert(), evil,
        PlanInputs.LAB_VALUES.roles(), PlanInputs.LAB_VALUES.dhFile(), "", "/etc/ssl/c.pem",
        evil);
    ModulePlan plan = new EximModule().plan(split("trixie", "4.98", "bettercrypto", "gnutls",
        null, values)).orElseThrow();
    for (String check : plan.validate().subList(1, plan.validate().size())) {
      Process p = new ProcessBuilder("sh", "-c", check).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(1, p.waitFor(), check + ": " + out);
      assertFalse(java.nio.file.Files.exists(marker), "ran the key path: " + check);
    }
    assertEquals(3, plan.validate().size(), plan.validate().toString());
  }

  /**
   * An option the admin sets outright in a conf.d/main file of their own (Exim refuses an
   * option set twice) is edited on the admin's line and not written to the local macros;
   * Debian's own conf.d/main files are never edited. Each owned option (not Debian's macros)
   * is asked of the configuration Debian's generator builds, before the reload.
   */
  @ParameterizedTest(name = "{0} exim {1}, {2}")
  @MethodSource("debian")
  void editsAnOptionTheAdminSetsInTheirOwnMainFile(String release, String version,
      String profile) throws Exception {
    String adminFile = "/etc/exim4/conf.d/main/50_admin_tls";
    String admin = "# admin: TLS for the old MUAs\ntls_require_ciphers = NORMAL:+RSA\n";
    PlanInput base = split(release, version, profile);
    Map<String, String> details = new LinkedHashMap<>(base.fact().details());
    details.put("main_files", LOCALMACROS + " /etc/exim4/conf.d/main/01_exim4-config_listmacrosdefs "
        + adminFile);
    ProductFact fact = new ProductFact("exim", version, details);
    Map<String, RemoteFile> files = new LinkedHashMap<>(base.files());
    files.put(adminFile, new RemoteFile(adminFile, admin, "644", "root", "root"));
    assertEquals(List.of(LOCALMACROS, AUTH_DIR + AUTH_FILES.get(0)),
        new EximModule().configFiles(fact).subList(0, 2));
    assertTrue(new EximModule().configFiles(fact).contains(adminFile));
    assertFalse(new EximModule().configFiles(fact)
        .contains("/etc/exim4/conf.d/main/01_exim4-config_listmacrosdefs"));
    PlanInput in = new PlanInput(fact, base.host(), base.profile(), base.values(), files);
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    String inForce = macros(after(plan, adminFile)).get("tls_require_ciphers").orElseThrow();
    assertTrue(after(plan, adminFile).startsWith("# admin: TLS for the old MUAs\n"));
    assertTrue(inForce.startsWith("${if eq{$received_port}{25}{NORMAL"), inForce);
    assertFalse(after(plan, LOCALMACROS).contains("tls_require_ciphers"));
    var asked = plan.effective().stream().filter(e -> e.name().equals("tls_require_ciphers"))
        .findFirst().orElseThrow();
    assertEquals(inForce, asked.expected());
    assertEquals("/usr/sbin/exim4 -C \"$t\" -bP -n tls_require_ciphers", asked.query());
    assertTrue(asked.prepare().contains("update-exim4.conf -o"), asked.prepare());
    assertTrue(plan.effective().stream().noneMatch(e -> e.name().startsWith("MAIN_")));
    assertFalse(plan.opensslCipherLists(), "GnuTLS priority strings are not OpenSSL's");
  }
}
