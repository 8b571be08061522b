package dev.mailharden.modules.cyrus;

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
import dev.mailharden.core.playbook.HostValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Cyrus module on the real imapd.conf and cyrus.conf of Debian's packages. */
class CyrusModuleTest {

  static Stream<Arguments> debian() {
    return Stream.of(
        Arguments.of("trixie", "3.10.2", "bettercrypto"),
        Arguments.of("trixie", "3.10.2", "modern"),
        Arguments.of("bookworm", "3.6.1", "bettercrypto"),
        Arguments.of("bookworm", "3.6.1", "modern"));
  }

  private static PlanInput input(String release, String version, String profile) {
    Path dir = Path.of("src/test/resources/debian-" + release);
    return PlanInputs.of(new ProductFact("cyrus", version,
            Map.of("tools", "/usr/lib/cyrus/bin")), profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/imapd.conf", dir.resolve("imapd.conf"),
            "/etc/cyrus.conf", dir.resolve("cyrus.conf")));
  }

  private static String after(ModulePlan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst()
        .orElseThrow().after();
  }

  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void secondPlanOnTheResultChangesNothingAndNeedsNoRestart(String release, String version,
      String profile) throws Exception {
    PlanInput in = input(release, version, profile);
    ModulePlan first = new CyrusModule().plan(in).orElseThrow();
    assertTrue(first.restart(), "new imaps/pop3s listeners need a restart");
    ModulePlan second = new CyrusModule().plan(PlanInputs.afterApplying(in, first))
        .orElseThrow();
    assertEquals(List.of(), second.changes(), "not idempotent");
    assertFalse(second.restart());
  }

  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void imapdConfKeepsTheListedVersionsAndRefusesPlaintext(String release, String version,
      String profile) throws Exception {
    ModulePlan plan = new CyrusModule().plan(input(release, version, profile)).orElseThrow();
    String text = after(plan, "/etc/imapd.conf");
    KeyValueLines conf = new KeyValueLines(text, ':', "#");
    boolean modern = profile.equals("modern");
    // trap 6: the list of versions to keep.
    assertEquals(modern ? "tls1_2 tls1_3" : "tls1_0 tls1_1 tls1_2 tls1_3",
        conf.get("tls_versions").orElseThrow());
    assertEquals("no", conf.get("allowplaintext").orElseThrow());
    assertEquals(PlanInputs.LAB_VALUES.tlsCert(), conf.get("tls_server_cert").orElseThrow());
    assertEquals(modern ? "0" : "1", conf.get("tls_prefer_server_ciphers").orElseThrow());
    assertEquals(PlanInputs.profile(profile).service("mailbox").ciphers(),
        conf.get("tls_ciphers").orElseThrow());
    // Ignored from 3.8 with OpenSSL 3, so only bookworm's 3.6 gets it.
    assertEquals(version.startsWith("3.6"), conf.get("tls_server_dhparam").isPresent());
    assertFalse(conf.get("tls_cert_file").isPresent(), "deprecated alias below 2.5 only");
    // Written right under Debian's commented example, which stays.
    assertTrue(text.contains("#tls_server_cert: /etc/ssl/certs/ssl-cert-snakeoil.pem\n"
        + "tls_server_cert: " + PlanInputs.LAB_VALUES.tlsCert() + "\n"), text);
    assertTrue(text.contains("#tls_versions: tls1_0 tls1_1 tls1_2\ntls_versions: "), text);
  }

  /**
   * allowplaintext hides only PLAIN and LOGIN; tls_required hides every SASL mechanism until
   * TLS. Debian's imapd.conf never mentions it: it goes once, last, under mailharden's
   * header. An admin's own "tls_required: 0" is replaced on its line. A second plan leaves
   * both.
   */
  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void noSaslMechanismBeforeTlsEditedInPlaceOnce(String release, String version,
      String profile) throws Exception {
    PlanInput stock = input(release, version, profile);
    String before = stock.files().get("/etc/imapd.conf").content();
    assertFalse(before.contains("tls_required"), "Debian's file has no tls_required");
    ModulePlan plan = new CyrusModule().plan(stock).orElseThrow();
    String after = after(plan, "/etc/imapd.conf");
    assertEquals("yes", new KeyValueLines(after, ':', "#").get("tls_required").orElseThrow());
    String header = "\n# TLS hardening by mailharden (profile " + profile + ")\n";
    assertEquals(1, occurrences(after, header), after);
    assertTrue(after.endsWith("\ntls_required: yes\n")
        && after.indexOf(header) < after.indexOf("\ntls_required: yes\n"), after);
    assertEquals(1, occurrences(after, "tls_required:"), after);
    assertEquals(List.of(), new CyrusModule().plan(PlanInputs.afterApplying(stock, plan))
        .orElseThrow().changes(), "not idempotent");

    // The admin's own setting, between Debian's lines: replaced there, nothing appended.
    String admin = before.replace("sasl_auto_transition: no\n",
        "sasl_auto_transition: no\ntls_required: 0\n");
    PlanInput mine = withFile(stock, "/etc/imapd.conf", admin);
    ModulePlan adminPlan = new CyrusModule().plan(mine).orElseThrow();
    String adminAfter = after(adminPlan, "/etc/imapd.conf");
    assertTrue(adminAfter.contains("sasl_auto_transition: no\ntls_required: yes\n"), adminAfter);
    assertEquals(1, occurrences(adminAfter, "tls_required:"), adminAfter);
    assertEquals(List.of(), new CyrusModule().plan(PlanInputs.afterApplying(mine, adminPlan))
        .orElseThrow().changes(), "not idempotent");
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  /** The same input with the host's {@code path} holding {@code text}. */
  private static PlanInput withFile(PlanInput in, String path, String text) {
    Map<String, RemoteFile> files = new LinkedHashMap<>(in.files());
    files.put(path, new RemoteFile(path, text, "644", "root", "root"));
    return new PlanInput(in.fact(), in.host(), in.profile(), in.values(), files);
  }

  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void implicitTlsServicesUncommentDebiansTemplatesOnTheTwinsAddress(String release,
      String version, String profile) throws Exception {
    Path dir = Path.of("src/test/resources/debian-" + release);
    // As an admin binds it (the lab does): imap/pop3 on one address.
    String cyrusConf = PlanInputs.read(dir.resolve("cyrus.conf"))
        .replace("listen=\"imap\"", "listen=\"192.0.2.7:imap\"")
        .replace("listen=\"pop3\"", "listen=\"192.0.2.7:pop3\"");
    PlanInput stock = input(release, version, profile);
    PlanInput in = withFile(stock, "/etc/cyrus.conf", cyrusConf);
    String text = after(new CyrusModule().plan(in).orElseThrow(), "/etc/cyrus.conf");
    assertTrue(text.contains("\n\timaps\t\tcmd=\"imapd -s -U 30\" listen=\"192.0.2.7:imaps\""
        + " prefork=0 maxchild=100\n"), text);
    assertTrue(text.contains("\n\tpop3s\t\tcmd=\"pop3d -s -U 30\" listen=\"192.0.2.7:pop3s\""
        + " prefork=0 maxchild=50\n"), text);
    // The Murder proxy templates further down stay commented out.
    assertTrue(text.contains("#imaps\t\tcmd=\"proxyd -s\" listen=\"imaps\""), text);
    // Stock Debian listens on "imap" (all addresses): the twin gets "imaps".
    String stockText = after(new CyrusModule().plan(stock).orElseThrow(), "/etc/cyrus.conf");
    assertTrue(stockText.contains("\n\timaps\t\tcmd=\"imapd -s -U 30\" listen=\"imaps\""),
        stockText);
  }

  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void everyLineTheProfileDoesNotOwnSurvivesInOrder(String release, String version,
      String profile) throws Exception {
    ModulePlan plan = new CyrusModule().plan(input(release, version, profile)).orElseThrow();
    for (FileChange c : plan.changes()) {
      List<String> out = new ArrayList<>(Arrays.asList(c.after().split("\n", -1)));
      int cursor = 0;
      for (String line : c.before().split("\n", -1)) {
        int found = out.subList(cursor, out.size()).indexOf(line);
        if (found >= 0) {
          cursor += found + 1;
        } else {
          // Owned: a replaced key, or an uncommented service template.
          assertTrue(line.startsWith("allowplaintext:") || line.matches("\\s*#(imaps|pop3s)\\s.*"),
              c.path() + ": lost or reordered line: " + line);
        }
      }
    }
  }

  /** A key path is data, never code: the checks run as root with it as one argument. */
  @Test
  void keyPathReachesTheChecksAsOneArgumentNeverAsCode(@TempDir Path tmp) throws Exception {
    Path marker = tmp.resolve("ran");
    String evil = "/etc/ssl/private/mail key $(touch " + marker + ")";
    Path dir = Path.of("src/test/resources/debian-trixie");
    PlanInput in = PlanInputs.of(new ProductFact("cyrus", "3.10.2",
            Map.of("tools", tmp.toString())), "bettercrypto",
        new HostValues(PlanInputs.LAB_VALUES.tlsCert(), evil, PlanInputs.LAB_VALUES.roles(),
            PlanInputs.LAB_VALUES.dhFile()),
        Map.of("/etc/imapd.conf", dir.resolve("imapd.conf"),
            "/etc/cyrus.conf", dir.resolve("cyrus.conf")));
    ModulePlan plan = new CyrusModule().plan(in).orElseThrow();
    String keyCheck = plan.validate().stream().filter(c -> c.startsWith("runuser"))
        .findFirst().orElseThrow();
    Process p = new ProcessBuilder("sh", "-c", keyCheck).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(1, p.waitFor(), out);
    assertFalse(java.nio.file.Files.exists(marker), "ran the key path: " + keyCheck);
  }

  /**
   * A service's own key (imaps_tls_ciphers for the admin's imaps service) wins over the
   * global one for that service: it gets the profile's value in place; a key of a service
   * cyrus.conf does not run is left alone. Each owned key is asked as each service reads it.
   */
  @ParameterizedTest(name = "{0} cyrus {1}, {2}")
  @MethodSource("debian")
  void editsPerServiceKeysOfTheRunningServices(String release, String version, String profile,
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path dir = Path.of("src/test/resources/debian-" + release);
    String admin = "\n# admin: the old Outlook on imaps\nimaps_tls_ciphers: ALL:!aNULL\n"
        + "nntps_tls_ciphers: ALL\n";
    Path imapd = java.nio.file.Files.writeString(tmp.resolve("imapd.conf"),
        PlanInputs.read(dir.resolve("imapd.conf")) + admin);
    Path cyrus = java.nio.file.Files.writeString(tmp.resolve("cyrus.conf"),
        PlanInputs.read(dir.resolve("cyrus.conf")).replaceFirst(
            "#imaps(\\s+cmd=\"imapd -s -U 30\")", "imaps$1"));
    PlanInput in = PlanInputs.of(new ProductFact("cyrus", version,
            Map.of("tools", "/usr/lib/cyrus/bin")), profile, PlanInputs.LAB_VALUES,
        Map.of("/etc/imapd.conf", imapd, "/etc/cyrus.conf", cyrus));
    ModulePlan plan = new CyrusModule().plan(in).orElseThrow();
    String ciphers = in.profile().service("mailbox").ciphers();
    assertTrue(after(plan, "/etc/imapd.conf").contains("\n# admin: the old Outlook on imaps\n"
        + "imaps_tls_ciphers: " + ciphers + "\nnntps_tls_ciphers: ALL\n"),
        after(plan, "/etc/imapd.conf"));
    var asked = plan.effective().stream().filter(e -> e.name().equals("tls_ciphers"))
        .findFirst().orElseThrow();
    assertEquals(ciphers, asked.expected());
    assertTrue(asked.query().contains("/etc/cyrus.conf"), asked.query());
  }
}
