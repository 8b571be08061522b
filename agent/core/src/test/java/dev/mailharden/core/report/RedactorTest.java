package dev.mailharden.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.txn.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets never reach a diff, a JSON report or the journal. */
class RedactorTest {

  static final Path MAIN_CF = Path.of(
      "../../modules/postfix/src/test/resources/debian-trixie/main.cf");

  @Test
  void diffContextHidesSecretSettingValuesAndKeepsTheRest() throws Exception {
    String before = Files.readString(MAIN_CF)
        + "smtp_sasl_password_maps = static:user:s3cret-pw\nrelayhost = [smtp.example.com]\n"
        + "smtpd_tls_security_level = may\n";
    String after = before.replace("smtpd_tls_security_level = may",
        "smtpd_tls_security_level = encrypt");
    String diff = new FileChange("/etc/postfix/main.cf", before, after, null).diff();
    assertFalse(diff.contains("s3cret-pw"), diff);
    assertTrue(diff.contains(" smtp_sasl_password_maps = " + Redactor.REDACTED), diff);
    assertTrue(diff.contains(" relayhost = [smtp.example.com]"), diff);
    assertTrue(diff.contains("+smtpd_tls_security_level = encrypt"), diff);
  }

  @Test
  void privateKeyBlocksAndPasswordsOfOtherSyntaxesAreHidden() throws Exception {
    String key = new String(new ProcessBuilder("openssl", "genpkey", "-algorithm", "EC",
        "-pkeyopt", "ec_paramgen_curve:P-256").start().getInputStream().readAllBytes());
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    String text = "ldap_password: hunter2\nMAIN_TLS_ENABLE = yes\n"
        + "  ssl_key_password = pw2\n" + key + "tail\n";
    String r = Redactor.redact(text);
    for (String secret : new String[] {"hunter2", "pw2", body}) {
      assertFalse(r.contains(secret), r);
    }
    assertTrue(r.contains("ldap_password: " + Redactor.REDACTED), r);
    assertTrue(r.contains("-----BEGIN PRIVATE KEY-----\n" + Redactor.REDACTED
        + "\n-----END PRIVATE KEY-----\ntail\n"), r);
    assertTrue(r.contains("MAIN_TLS_ENABLE = yes"), r);
  }

  @Test
  void journalStepsAndOutcomesAreRedacted() throws Exception {
    String id = "redact-" + System.nanoTime();
    RunJournal j = RunJournal.create(id, Map.of());
    j.step("mx1", "validate: smtp_sasl_password_maps = static:u:s3cret-pw");
    j.outcome("mx1", "failed", "postfix check: relay_password = s3cret-pw2");
    Path hosts = RunJournal.runsDir().resolve(id).resolve("hosts");
    String all = Files.readString(hosts.resolve("mx1.log"))
        + Files.readString(hosts.resolve("mx1.result.json"));
    assertFalse(all.contains("s3cret-pw"), all);
  }
}
