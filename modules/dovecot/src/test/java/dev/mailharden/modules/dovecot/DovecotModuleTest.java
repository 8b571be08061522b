package dev.mailharden.modules.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Dovecot module on the real conf.d files of Debian's packages (2.3 and 2.4 syntax). */
class DovecotModuleTest {

  static Stream<Arguments> debian() {
    return Stream.of(
        Arguments.of("trixie", "2.4.1-4", "bettercrypto"),
        Arguments.of("trixie", "2.4.1-4", "modern"),
        Arguments.of("bookworm", "2.3.19.1", "bettercrypto"),
        Arguments.of("bookworm", "2.3.19.1", "modern"));
  }

  static PlanInput input(String release, String version, String profile) {
    Path dir = Path.of("src/test/resources/debian-" + release);
    return PlanInputs.of(
        new ProductFact("dovecot", version, Map.of("config_dir", "/etc/dovecot",
            "config_files", "/etc/dovecot/conf.d/10-auth.conf /etc/dovecot/conf.d/10-logging.conf"
                + " /etc/dovecot/conf.d/10-ssl.conf")),
        profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/dovecot/conf.d/10-ssl.conf", dir.resolve("10-ssl.conf"),
            "/etc/dovecot/conf.d/10-auth.conf", dir.resolve("10-auth.conf"),
            "/etc/dovecot/conf.d/10-logging.conf", dir.resolve("10-logging.conf")));
  }

  private static List<String> active(ModulePlan plan, String path) {
    String text = plan.changes().stream().filter(c -> c.path().equals(path))
        .map(FileChange::after).findFirst().orElseThrow();
    return Arrays.stream(text.split("\n")).map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @ParameterizedTest(name = "{0} dovecot {1}, {2}")
  @MethodSource("debian")
  void writesTheSyntaxOfTheInstalledVersionAndIsIdempotent(String release, String version,
      String profile) throws Exception {
    PlanInput in = input(release, version, profile);
    ModulePlan plan = new DovecotModule().plan(in).orElseThrow();
    List<String> ssl = active(plan, "/etc/dovecot/conf.d/10-ssl.conf");
    List<String> auth = active(plan, "/etc/dovecot/conf.d/10-auth.conf");
    assertTrue(ssl.contains("ssl = required"), ssl.toString());
    // Both Debian versions already default to TLSv1.2: the guide's TLSv1 floor never weakens it.
    assertTrue(ssl.contains("ssl_min_protocol = TLSv1.2"), ssl.toString());
    assertEquals(1, ssl.stream().filter(l -> l.startsWith("ssl_min_protocol")).count());
    if (version.startsWith("2.4")) {
      assertTrue(ssl.contains("ssl_server_cert_file = /etc/ssl/certs/ssl-cert-snakeoil.pem"));
      assertTrue(ssl.contains("ssl_server_dh_file = /etc/ssl/mailharden/dhparams.pem"));
      assertTrue(auth.contains("auth_allow_cleartext = no"), auth.toString());
      assertFalse(String.join("\n", ssl).contains("ssl_cert ="), "2.3 name on 2.4");
      assertFalse(String.join("\n", ssl).contains("ssl_options"), "fatal on 2.4");
    } else {
      assertTrue(ssl.contains("ssl_cert = </etc/ssl/certs/ssl-cert-snakeoil.pem"));
      assertTrue(ssl.contains("ssl_dh = </etc/ssl/mailharden/dhparams.pem"));
      assertTrue(auth.contains("disable_plaintext_auth = yes"), auth.toString());
    }
    assertTrue(auth.contains("login_trusted_networks ="), auth.toString());
    // TLS logging for `tls-usage`: the login line carries the local port and TLS details.
    String logging = String.join("\n", active(plan, "/etc/dovecot/conf.d/10-logging.conf"));
    assertTrue(logging.contains(version.startsWith("2.4")
        ? " lport=%{local_port} mpid=%{mail_pid} %{secured} %{ssl_security} session="
        : " lport=%a mpid=%e %c %k session="), logging);
    ModulePlan second = new DovecotModule().plan(PlanInputs.afterApplying(in, plan))
        .orElseThrow();
    assertEquals(List.of(), second.changes(), "not idempotent");
  }

  @ParameterizedTest(name = "{0} dovecot {1}, {2}")
  @MethodSource("debian")
  void keepsEveryCommentAndUnownedLine(String release, String version, String profile)
      throws Exception {
    PlanInput in = input(release, version, profile);
    for (FileChange c : new DovecotModule().plan(in).orElseThrow().changes()) {
      List<String> after = Arrays.asList(c.after().split("\n", -1));
      int cursor = 0;
      for (String line : c.before().split("\n", -1)) {
        int found = after.subList(cursor, after.size()).indexOf(line);
        if (found >= 0) {
          cursor += found + 1;
        } else {
          assertTrue(line.startsWith("ssl"), c.path() + ": lost or reordered: " + line);
        }
      }
    }
  }

  @ParameterizedTest(name = "dovecot {0}")
  @MethodSource("unsupported")
  void refusesVersionsItHasNoRulesFor(String version) {
    PlanInput in = input("bookworm", version, "bettercrypto");
    BadInputException e = assertThrows(BadInputException.class,
        () -> new DovecotModule().plan(in));
    assertTrue(e.getMessage().contains("Dovecot " + version + " is not supported"));
  }

  static Stream<String> unsupported() {
    return Stream.of("2.2.36");
  }

  @ParameterizedTest(name = "modern profile sets Mozilla ciphers on {0}")
  @MethodSource("debian")
  void cipherListFollowsTheProfile(String release, String version, String profile)
      throws Exception {
    List<String> ssl = active(new DovecotModule().plan(input(release, version, profile))
        .orElseThrow(), "/etc/dovecot/conf.d/10-ssl.conf");
    String ciphers = ssl.stream().filter(l -> l.startsWith("ssl_cipher_list")).findFirst()
        .orElseThrow();
    assertEquals(profile.equals("modern"), ciphers.contains("ECDHE-RSA-CHACHA20-POLY1305"));
    assertEquals(profile.equals("bettercrypto"), ciphers.contains("EDH+CAMELLIA"));
  }

  /**
   * An admin's local.conf (read after conf.d, as Debian's dovecot.conf includes it last) that
   * sets the cipher list and the protocol floor: those are edited there, where they take
   * effect, and nowhere else; each owned setting is asked of doveconf before the reload.
   */
  @ParameterizedTest(name = "{0} dovecot {1}, {2}")
  @MethodSource("debian")
  void editsTheSettingsLocalConfOverridesInLocalConf(String release, String version,
      String profile) throws Exception {
    Path dir = Path.of("src/test/resources/debian-" + release);
    String conf = "/etc/dovecot/conf.d/";
    PlanInput in = PlanInputs.of(new ProductFact("dovecot", version, Map.of(
            "config_dir", "/etc/dovecot", "config_files", "/etc/dovecot/dovecot.conf " + conf
                + "10-auth.conf " + conf + "10-logging.conf " + conf + "10-ssl.conf"
                + " /etc/dovecot/local.conf")),
        profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/dovecot/dovecot.conf", dir.resolve("dovecot.conf"),
            conf + "10-ssl.conf", dir.resolve("10-ssl.conf"),
            conf + "10-auth.conf", dir.resolve("10-auth.conf"),
            conf + "10-logging.conf", dir.resolve("10-logging.conf"),
            "/etc/dovecot/local.conf", Path.of("src/test/resources/admin-local.conf")));
    ModulePlan plan = new DovecotModule().plan(in).orElseThrow();
    String ciphers = in.profile().service("mailbox").ciphers();
    String local = plan.changes().stream().filter(c -> c.path().equals("/etc/dovecot/local.conf"))
        .map(FileChange::after).findFirst().orElseThrow();
    assertEquals("# admin: compatibility with the old phones\nssl_cipher_list = " + ciphers
        + "\nssl_min_protocol = TLSv1.2\n", local);
    List<String> ssl = active(plan, conf + "10-ssl.conf");
    assertFalse(ssl.stream().anyMatch(l -> l.startsWith("ssl_cipher_list")), ssl.toString());
    assertFalse(plan.changes().stream().anyMatch(c -> c.path().endsWith("dovecot.conf")));
    var asked = plan.effective().stream().filter(e -> e.name().equals("ssl_cipher_list"))
        .findFirst().orElseThrow();
    assertEquals(ciphers, asked.expected());
    assertTrue(asked.query().startsWith("doveconf -P -a"), asked.query());
    assertTrue(asked.locate().contains("/etc/dovecot/local.conf"), asked.locate());
    ModulePlan second = new DovecotModule().plan(PlanInputs.afterApplying(in, plan))
        .orElseThrow();
    assertEquals(List.of(), second.changes(), "not idempotent");
  }
}
