package dev.mailharden.modules.postfix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.plan.RemoteFile;
import dev.mailharden.core.playbook.HostValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HELO name and client certificate read from Debian's main.cf, and set by the plan. */
class PostfixSenderIdentityTest {

  private static final ProductFact FACT = new ProductFact("postfix", "3.10.13", Map.of(
      "config_directory", "/etc/postfix", "default_myhostname", "box.example.test"));
  private static final String MAIN = "/etc/postfix/main.cf";

  private static Map<String, RemoteFile> files(String mainCf) {
    Map<String, RemoteFile> f = new LinkedHashMap<>();
    f.put(MAIN, new RemoteFile(MAIN, mainCf, "644", "root", "root"));
    return f;
  }

  private static String stock(String release) {
    return PlanInputs.read(Path.of("src/test/resources/debian-" + release, "main.cf"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void stockMainCfHelosAsMyhostnameWithoutClientCertificate(String release) throws Exception {
    assertEquals(new SenderIdentity("lab-build.mailharden.test",
        "smtp_helo_name default $myhostname", Optional.empty()), new PostfixModule().senderIdentity(FACT, files(stock(release)))
        .orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void withoutMyhostnamePostfixsDefaultAndDerivedNamesApply(String release) throws Exception {
    String noHostname = stock(release).replace("myhostname = lab-build.mailharden.test\n", "");
    assertEquals("box.example.test", new PostfixModule().senderIdentity(FACT,
        files(noHostname)).orElseThrow().heloName());
    assertEquals("mail.example.test", new PostfixModule().senderIdentity(FACT,
        files(noHostname + "smtp_helo_name = mail.${mydomain}\n")).orElseThrow().heloName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void thePlanSetsWhatThePlayGivesAndTheIdentityReadsIt(String release) throws Exception {
    HostValues values = new HostValues(PlanInputs.LAB_VALUES.tlsCert(),
        PlanInputs.LAB_VALUES.tlsKey(), PlanInputs.LAB_VALUES.roles(),
        PlanInputs.LAB_VALUES.dhFile(), "mx1.example.test", "/etc/ssl/mx1-client.pem",
        "/etc/ssl/private/mx1-client.key");
    Path dir = Path.of("src/test/resources/debian-" + release);
    PlanInput in = PlanInputs.of(FACT, "bettercrypto", values, Map.of(MAIN,
        dir.resolve("main.cf"), "/etc/postfix/master.cf", dir.resolve("master.cf")));
    ModulePlan plan = new PostfixModule().plan(in).orElseThrow();
    Map<String, RemoteFile> after = PlanInputs.afterApplying(in, plan).files();
    assertEquals(new SenderIdentity("mx1.example.test", "smtp_helo_name",
        Optional.of("/etc/ssl/mx1-client.pem")), new PostfixModule().senderIdentity(FACT, after)
        .orElseThrow());
    assertEquals(Optional.of("/etc/ssl/private/mx1-client.key"),
        new PostfixMainCf(after.get(MAIN).content(), "").get("smtp_tls_key_file"));
  }
}
