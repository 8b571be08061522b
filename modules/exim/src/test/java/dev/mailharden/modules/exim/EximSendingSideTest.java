package dev.mailharden.modules.exim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.edit.KeyValueLines;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.plan.RemoteFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The remote_smtp transport of Debian's real exim4-config: STARTTLS toward every host. */
class EximSendingSideTest {

  private static final String MACROS = EximModuleTest.LOCALMACROS;
  private static final String TRANSPORT = EximModuleTest.REMOTE_SMTP;

  private static ModulePlan split(String release, String profile, String localMacros)
      throws Exception {
    Path dir = Path.of("src/test/resources/debian-" + release);
    Map<String, String> d = new LinkedHashMap<>();
    d.put("binary", "/usr/sbin/exim4");
    d.put("tls_library", "gnutls");
    d.put("config_style", "debian-split");
    d.put("exim_user", "Debian-exim");
    PlanInput base = PlanInputs.of(new ProductFact("exim", "4.96", d), profile,
        PlanInputs.LAB_VALUES, Map.of(TRANSPORT,
            dir.resolve("conf.d/transport/30_exim4-config_remote_smtp")));
    Map<String, RemoteFile> files = new LinkedHashMap<>(base.files());
    files.put(MACROS, new RemoteFile(MACROS, localMacros, "644", "root", "root"));
    return new EximModule().plan(new PlanInput(base.fact(), base.host(), base.profile(),
        base.values(), files)).orElseThrow();
  }

  private static String after(ModulePlan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst()
        .map(FileChange::after).orElseThrow(() -> new AssertionError(path + " unchanged"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"trixie, bettercrypto", "trixie, modern", "bookworm, bettercrypto",
      "bookworm, modern"})
  void remoteSmtpGetsTheClientFloorAsAGnuTlsPriorityWithBroadCiphers(String release,
      String profile) throws Exception {
    String stock = PlanInputs.read(Path.of("src/test/resources/debian-" + release
        + "/conf.d/transport/30_exim4-config_remote_smtp"));
    ModulePlan plan = split(release, profile, null);
    String text = after(plan, TRANSPORT);
    // One line after the driver; every other byte of Debian's file stays.
    assertEquals(stock, text.replace(EximModuleTest.CLIENT_LINE, ""));
    assertTrue(text.contains("  driver = smtp\n" + EximModuleTest.CLIENT_LINE), text);
    // The server side's per-port string stays in the main options: not the client's.
    assertTrue(after(plan, MACROS).contains("tls_require_ciphers = ${if eq{$received_port}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "0.0.0.0/0", "<; 0.0.0.0/0 ; ::/0", "192.0.2.1 : *"})
  void aHostsAvoidTlsMacroThatMatchesEveryHostIsRemoved(String list) throws Exception {
    String admin = "# admin\nREMOTE_SMTP_HOSTS_AVOID_TLS = " + list + "\nMAIN_TLS_ENABLE = yes\n";
    KeyValueLines m = new KeyValueLines(after(split("trixie", "bettercrypto", admin), MACROS),
        '=', "#");
    assertFalse(m.get("REMOTE_SMTP_HOSTS_AVOID_TLS").isPresent());
    assertTrue(after(split("trixie", "bettercrypto", admin), MACROS).startsWith("# admin\n"
        + "MAIN_TLS_ENABLE = yes\n"));
  }

  @Test
  void aHostsAvoidTlsMacroForSomeHostsStays() throws Exception {
    String admin = "REMOTE_SMTP_HOSTS_AVOID_TLS = 192.0.2.1 : 198.51.100.0/24\n";
    KeyValueLines m = new KeyValueLines(after(split("trixie", "modern", admin), MACROS), '=',
        "#");
    assertEquals("192.0.2.1 : 198.51.100.0/24", m.get("REMOTE_SMTP_HOSTS_AVOID_TLS")
        .orElseThrow());
  }

  @Test
  void aPlainConfigsLiteralHostsAvoidTlsForAllHostsIsRemovedFromRemoteSmtp() throws Exception {
    String plain = PlanInputs.read(Path.of("src/test/resources/debian-bookworm/exim4.conf.plain"))
        .replace("remote_smtp:\n", "remote_smtp:\n  hosts_avoid_tls = *\n");
    Map<String, String> d = new LinkedHashMap<>();
    d.put("binary", "/usr/sbin/exim4");
    d.put("tls_library", "gnutls");
    d.put("config_style", "plain");
    d.put("exim_user", "Debian-exim");
    PlanInput base = PlanInputs.of(new ProductFact("exim", "4.96", d), "bettercrypto",
        PlanInputs.LAB_VALUES, Map.of());
    ModulePlan plan = new EximModule().plan(new PlanInput(base.fact(), base.host(),
        base.profile(), base.values(), Map.of("/etc/exim4/exim4.conf", new RemoteFile(
            "/etc/exim4/exim4.conf", plain, "644", "root", "root")))).orElseThrow();
    String transports = after(plan, "/etc/exim4/exim4.conf");
    transports = transports.substring(transports.indexOf("\nremote_smtp:\n"));
    assertFalse(transports.substring(0, transports.indexOf("\n\n"))
        .contains("hosts_avoid_tls = *"), transports);
    assertTrue(transports.contains("  driver = smtp\n" + EximModuleTest.CLIENT_LINE));
  }

  @Test
  void hostListsAreReadWithEximsSeparators() {
    List<String> all = List.of("*", "0.0.0.0/0", "::/0");
    assertTrue(EximModule.listsAny("*", all));
    assertTrue(EximModule.listsAny("a.example : *", all));
    assertTrue(EximModule.listsAny("<; 192.0.2.1 ; ::/0", all));
    assertFalse(EximModule.listsAny("::::1 : 192.0.2.0/24", all));
    assertFalse(EximModule.listsAny("*.example.org", all));
  }
}
