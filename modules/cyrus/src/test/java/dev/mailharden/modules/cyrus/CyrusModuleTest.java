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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    java.util.Map<String, dev.mailharden.core.plan.RemoteFile> files =
        new java.util.LinkedHashMap<>(stock.files());
    files.put("/etc/cyrus.conf", new dev.mailharden.core.plan.RemoteFile("/etc/cyrus.conf",
        cyrusConf, "644", "root", "root"));
    PlanInput in = new PlanInput(stock.fact(), stock.host(), stock.profile(), stock.values(),
        files);
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
}
