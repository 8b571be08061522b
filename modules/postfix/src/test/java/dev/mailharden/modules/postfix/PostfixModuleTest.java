package dev.mailharden.modules.postfix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Postfix module on the real main.cf and master.cf of Debian's packages. */
class PostfixModuleTest {

  static Stream<Arguments> debian() {
    return Stream.of(
        Arguments.of("trixie", "3.10.13", "bettercrypto"),
        Arguments.of("trixie", "3.10.13", "modern"),
        Arguments.of("bookworm", "3.7.11", "bettercrypto"),
        Arguments.of("bookworm", "3.7.11", "modern"));
  }

  private static PlanInput input(String release, String version, String profile) {
    Path dir = Path.of("src/test/resources/debian-" + release);
    return PlanInputs.of(
        new ProductFact("postfix", version, Map.of("config_directory", "/etc/postfix")),
        profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/postfix/main.cf", dir.resolve("main.cf"),
            "/etc/postfix/master.cf", dir.resolve("master.cf")));
  }

  private static FileChange change(ModulePlan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst().orElseThrow();
  }

  private static List<String> lines(String s) {
    return new ArrayList<>(Arrays.asList(s.split("\n", -1)));
  }

  @ParameterizedTest(name = "{0} postfix {1}, {2}")
  @MethodSource("debian")
  void secondPlanOnTheResultChangesNothing(String release, String version, String profile)
      throws Exception {
    PlanInput in = input(release, version, profile);
    ModulePlan first = new PostfixModule().plan(in).orElseThrow();
    assertTrue(first.changed());
    ModulePlan second = new PostfixModule().plan(PlanInputs.afterApplying(in, first))
        .orElseThrow();
    assertEquals(List.of(), second.changes(), "not idempotent");
  }

  @ParameterizedTest(name = "{0} postfix {1}, {2}")
  @MethodSource("debian")
  void everyLineTheProfileDoesNotOwnSurvivesByteForByte(String release, String version,
      String profile) throws Exception {
    PlanInput in = input(release, version, profile);
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    for (FileChange c : plan.changes()) {
      // The original lines, minus those that were replaced, appear in the same order.
      List<String> after = lines(c.after());
      int cursor = 0;
      for (String line : lines(c.before())) {
        int found = after.subList(cursor, after.size()).indexOf(line);
        if (found >= 0) {
          cursor += found + 1;
        } else {
          assertTrue(line.startsWith("smtpd_tls_") || line.startsWith("smtp_tls_")
              || line.startsWith("tls_"), c.path() + ": lost or reordered line: " + line);
        }
      }
      assertTrue(c.before().endsWith("\n") == c.after().endsWith("\n"));
    }
  }

  /**
   * hybrid-first (modern) puts X25519MLKEM768 before Postfix 3.10's own list only where the
   * OpenSSL has it; otherwise, and under bettercrypto (keep), the groups stay unset and the
   * plan's note says why.
   */
  @ParameterizedTest(name = "{0} with OpenSSL hybrid groups: {1}")
  @org.junit.jupiter.params.provider.CsvSource({
      "modern, yes, X25519MLKEM768 X25519 X448 prime256v1 secp384r1 secp521r1, X25519MLKEM768 first",
      "modern, no, '', no post-quantum hybrid key exchange: it needs Postfix 3.10+ with OpenSSL 3.5+ (here OpenSSL 3.0.17)",
      "bettercrypto, yes, '', X25519MLKEM768 possible, groups kept"})
  void hybridFirstOnlyWhereTheProfileAsksAndOpensslHasIt(String profile, String hybridKx,
      String curves, String note) throws Exception {
    Path dir = Path.of("src/test/resources/debian-trixie");
    PlanInput in = PlanInputs.of(new ProductFact("postfix", "3.10.13", Map.of(
        "config_directory", "/etc/postfix", "hybrid_kx", hybridKx,
        "openssl_version", "3.0.17")), profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/postfix/main.cf", dir.resolve("main.cf"),
            "/etc/postfix/master.cf", dir.resolve("master.cf")));
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    PostfixMainCf main = new PostfixMainCf(change(plan, "/etc/postfix/main.cf").after(), "#");
    assertEquals(curves, main.get("tls_eecdh_auto_curves").orElse(""));
    String said = dev.mailharden.core.plan.ModuleData.of(PostfixModule.class, "postfix")
        .keyExchangeNote(in).orElseThrow();
    assertTrue(said.startsWith(note), said);
  }

  @ParameterizedTest(name = "{0} postfix {1}, {2}")
  @MethodSource("debian")
  void versionRulesPickTheRightSyntax(String release, String version, String profile)
      throws Exception {
    PlanInput in = input(release, version, profile);
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    PostfixMainCf main = new PostfixMainCf(change(plan, "/etc/postfix/main.cf").after(), "#");
    // 3.6+ understands ">=" bounds; port 25 never below TLSv1 (no SSLv2/SSLv3).
    assertEquals(">=TLSv1", main.get("smtpd_tls_protocols").orElseThrow());
    assertEquals(profile.equals("modern") ? ">=TLSv1.2" : ">=TLSv1",
        main.get("smtpd_tls_mandatory_protocols").orElseThrow());
    assertEquals("NO_COMPRESSION", main.get("tls_ssl_options").orElseThrow());
    assertEquals("may", main.get("smtpd_tls_security_level").orElseThrow());
    assertEquals("1", main.get("smtpd_tls_loglevel").orElseThrow());
    // From 3.9 the DH file setting only draws a warning: OpenSSL picks RFC 7919 groups.
    assertEquals(version.startsWith("3.7"), main.get("smtpd_tls_dh1024_param_file").isPresent());
    assertFalse(main.get("smtpd_tls_eecdh_grade").isPresent(), "ignored from 3.6");
    String master = change(plan, "/etc/postfix/master.cf").after();
    assertTrue(master.contains("\nsubmission inet n       -       y       -       -       smtpd\n"
        + "  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\n"),
        master);
    // Inserted right after Debian's commented-out template, which stays.
    assertTrue(master.indexOf("#submission inet") < master.indexOf("\nsubmission inet"));
  }

  @ParameterizedTest(name = "postfix {0}")
  @MethodSource("oldPostfix")
  void before36OnlyTheExclusionFormIsWritten(String version) throws Exception {
    PlanInput in = PlanInputs.of(
        new ProductFact("postfix", version, Map.of("config_directory", "/etc/postfix")),
        "modern", PlanInputs.LAB_VALUES,
        Map.of("/etc/postfix/main.cf", Path.of("src/test/resources/debian-bookworm/main.cf"),
            "/etc/postfix/master.cf", Path.of("src/test/resources/debian-bookworm/master.cf")));
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    PostfixMainCf main = new PostfixMainCf(change(plan, "/etc/postfix/main.cf").after(), "#");
    assertEquals("!SSLv2, !SSLv3", main.get("smtpd_tls_protocols").orElseThrow());
    assertEquals("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1",
        main.get("smtpd_tls_mandatory_protocols").orElseThrow());
    assertEquals("strong", main.get("smtpd_tls_eecdh_grade").orElseThrow());
  }

  static Stream<String> oldPostfix() {
    return Stream.of("3.5.25", "3.4.14");
  }

  /** No certificate from the play: the admin's (here Debian's) lines stay, none is added. */
  @ParameterizedTest(name = "{0} postfix {1}, {2}")
  @MethodSource("debian")
  void keepsTheServerCertificateThePlayDoesNotName(String release, String version,
      String profile) throws Exception {
    Path dir = Path.of("src/test/resources/debian-" + release);
    PlanInput in = PlanInputs.of(
        new ProductFact("postfix", version, Map.of("config_directory", "/etc/postfix")),
        profile, new dev.mailharden.core.playbook.HostValues("", "",
            PlanInputs.LAB_VALUES.roles(), PlanInputs.LAB_VALUES.dhFile()),
        Map.of("/etc/postfix/main.cf", dir.resolve("main.cf"),
            "/etc/postfix/master.cf", dir.resolve("master.cf")));
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    FileChange main = change(plan, "/etc/postfix/main.cf");
    for (String key : List.of("smtpd_tls_cert_file", "smtpd_tls_key_file")) {
      assertEquals(new PostfixMainCf(main.before(), "").get(key),
          new PostfixMainCf(main.after(), "").get(key), key);
    }
    assertTrue(new PostfixMainCf(main.after(), "").get("smtpd_tls_cert_file").orElseThrow()
        .endsWith("ssl-cert-snakeoil.pem"), "Debian's line is gone");
    assertFalse(change(plan, "/etc/postfix/master.cf").after().contains("smtpd_tls_cert_file"));
  }

  /**
   * Every owned main.cf parameter and master.cf -o option is asked of Postfix before the
   * reload, by the name postconf knows it (-P: service/type/parameter), and a difference is
   * located on the line that sets it.
   */
  @ParameterizedTest(name = "{0} postfix {1}, {2}")
  @MethodSource("debian")
  void asksPostconfForEveryOwnedSettingAndOption(String release, String version,
      String profile) throws Exception {
    ModulePlan plan = new PostfixModule().plan(input(release, version, profile)).orElseThrow();
    var level = plan.effective().stream()
        .filter(e -> e.name().equals("submission/inet/smtpd_tls_security_level")).findFirst()
        .orElseThrow();
    assertEquals("encrypt", level.expected());
    assertEquals("postconf -P -h submission/inet/smtpd_tls_security_level", level.query());
    assertEquals("grep -HnE -- '-o[[:space:]]*smtpd_tls_security_level=' /etc/postfix/master.cf",
        level.locate());
    var protocols = plan.effective().stream()
        .filter(e -> e.name().equals("smtpd_tls_mandatory_protocols")).findFirst().orElseThrow();
    assertEquals("postconf -h smtpd_tls_mandatory_protocols", protocols.query());
    assertTrue(plan.opensslCipherLists());
  }
}
