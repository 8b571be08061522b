package dev.mailharden.modules.postfix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.plan.RemoteFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client (sending) side of Debian's real main.cf: STARTTLS always tried, no SSL. */
class PostfixSendingSideTest {

  private static final Path TRIXIE = Path.of("src/test/resources/debian-trixie");

  /** Debian trixie's main.cf with its smtp_tls_security_level line replaced (or dropped). */
  private static PostfixMainCf planned(String version, String levelLine) throws Exception {
    String stock = PlanInputs.read(TRIXIE.resolve("main.cf"));
    String main = stock.replace("smtp_tls_security_level = may\n", levelLine);
    assertTrue(levelLine.equals("smtp_tls_security_level = may\n") || !main.equals(stock));
    PlanInput in = PlanInputs.of(
        new ProductFact("postfix", version, Map.of("config_directory", "/etc/postfix")),
        "bettercrypto", PlanInputs.LAB_VALUES,
        Map.of("/etc/postfix/main.cf", TRIXIE.resolve("main.cf"),
            "/etc/postfix/master.cf", TRIXIE.resolve("master.cf")));
    Map<String, RemoteFile> files = new LinkedHashMap<>(in.files());
    files.put("/etc/postfix/main.cf", new RemoteFile("/etc/postfix/main.cf", main, "644",
        "root", "root"));
    ModulePlan plan = new PostfixModule().plan(new PlanInput(in.fact(), in.host(),
        in.profile(), in.values(), files)).orElseThrow();
    return new PostfixMainCf(plan.changes().stream()
        .filter(c -> c.path().equals("/etc/postfix/main.cf")).findFirst().orElseThrow()
        .after(), "#");
  }

  @Test
  void aMainCfWithoutASecurityLevelGetsMay() throws Exception {
    PostfixMainCf main = planned("3.10.13", "");
    assertEquals("may", main.get("smtp_tls_security_level").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", ""})
  void aLevelBelowMayIsRaised(String level) throws Exception {
    PostfixMainCf main = planned("3.10.13", "smtp_tls_security_level = " + level + "\n");
    assertEquals("may", main.get("smtp_tls_security_level").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypt", "dane", "verify", "secure", "fingerprint", "may"})
  void anAdminsLevelAtLeastMayIsKeptByteForByte(String level) throws Exception {
    String line = "smtp_tls_security_level=" + level + "\n";
    PostfixMainCf main = planned("3.10.13", line);
    assertEquals(level, main.get("smtp_tls_security_level").orElseThrow());
    assertTrue(main.text().contains("\n" + line), "rewritten: " + line);
  }

  @Test
  void theObsoleteEnforceTlsIsNotLoweredByWritingMay() throws Exception {
    PostfixMainCf main = planned("3.10.13", "smtp_enforce_tls = yes\n");
    assertFalse(main.get("smtp_tls_security_level").isPresent(), main.text());
    assertEquals("may", planned("3.10.13", "smtp_enforce_tls = no\n")
        .get("smtp_tls_security_level").orElseThrow());
  }

  @Test
  void perDestinationPolicyMapsStay() throws Exception {
    String maps = "smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n";
    PostfixMainCf main = planned("3.10.13", "smtp_tls_security_level = encrypt\n" + maps);
    assertEquals("hash:/etc/postfix/tls_policy", main.get("smtp_tls_policy_maps").orElseThrow());
    assertEquals("encrypt", main.get("smtp_tls_security_level").orElseThrow());
  }

  @ParameterizedTest(name = "postfix {0}")
  @CsvSource({"3.10.13, >=TLSv1", "3.7.11, >=TLSv1", "3.5.25, '!SSLv2, !SSLv3'",
      "3.4.14, '!SSLv2, !SSLv3'"})
  void clientProtocolsExcludeSslInTheVersionsSyntax(String version, String expected)
      throws Exception {
    PostfixMainCf main = planned(version, "");
    for (String p : new String[] {"smtp_tls_protocols", "smtp_tls_mandatory_protocols",
        "lmtp_tls_protocols", "lmtp_tls_mandatory_protocols"}) {
      assertEquals(expected, main.get(p).orElseThrow(), p);
    }
    // Opportunistic toward other MTAs: the client's ciphers stay Postfix's broad default.
    assertFalse(main.get("smtp_tls_ciphers").isPresent());
    assertFalse(main.get("smtp_tls_mandatory_ciphers").isPresent());
  }
}
