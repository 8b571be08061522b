package dev.mailharden.modules.exim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.plan.RemoteFile;
import dev.mailharden.core.playbook.HostValues;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HELO name and client certificate read as Exim's remote_smtp transport gets them: Debian's
 * macros in the split options file, or the transport of a plain exim4.conf (Debian's
 * generated one), and set by the plan.
 */
class EximSenderIdentityTest {

  private static final String LOCALMACROS = "/etc/exim4/conf.d/main/000_localmacros";
  private static final String PLAIN = "/etc/exim4/exim4.conf";

  private static ProductFact fact(String style) {
    return new ProductFact("exim", "4.96", Map.of("config_style", style, "binary",
        "/usr/sbin/exim4", "tls_library", "gnutls", "exim_user", "Debian-exim",
        "primary_hostname", "box.example.test", "auth_files", ""));
  }

  @Test
  void splitConfigWithoutMacrosHelosAsPrimaryHostname() throws Exception {
    assertEquals(new SenderIdentity("box.example.test", "primary_hostname",
        Optional.empty()), new EximModule().senderIdentity(fact("debian-split"),
        Map.of(LOCALMACROS, RemoteFile.absent(LOCALMACROS))).orElseThrow());
  }

  @Test
  void thePlanWritesDebiansRemoteSmtpMacrosAndTheIdentityReadsThem() throws Exception {
    HostValues values = new HostValues(PlanInputs.LAB_VALUES.tlsCert(),
        PlanInputs.LAB_VALUES.tlsKey(), PlanInputs.LAB_VALUES.roles(),
        PlanInputs.LAB_VALUES.dhFile(), "mx1.example.test", "/etc/exim4/client.crt",
        "/etc/exim4/client.key");
    PlanInput in = PlanInputs.of(fact("debian-split"), "bettercrypto", values, Map.of());
    in = new PlanInput(in.fact(), in.host(), in.profile(), in.values(),
        Map.of(LOCALMACROS, RemoteFile.absent(LOCALMACROS), EximModuleTest.REMOTE_SMTP,
            RemoteFile.absent(EximModuleTest.REMOTE_SMTP)));
    ModulePlan plan = new EximModule().plan(in).orElseThrow();
    Map<String, RemoteFile> after = PlanInputs.afterApplying(in, plan).files();
    assertEquals(new SenderIdentity("mx1.example.test", "REMOTE_SMTP_HELO_DATA",
        Optional.of("/etc/exim4/client.crt")), new EximModule().senderIdentity(
        fact("debian-split"), after).orElseThrow());
    assertEquals(Optional.of("/etc/exim4/client.key"), new dev.mailharden.core.edit
        .KeyValueLines(after.get(LOCALMACROS).content(), '=', "").get("REMOTE_SMTP_PRIVATEKEY"));
  }

  @Test
  void plainConfigIsReadThroughItsIfdefsAndMacros() throws Exception {
    String stock = PlanInputs.read(Path.of("src/test/resources/debian-bookworm/exim4.conf.plain"));
    // Debian's remote_smtp guards helo_data and tls_certificate with .ifdef: undefined here.
    assertEquals(new SenderIdentity("box.example.test", "primary_hostname",
        Optional.empty()), new EximModule().senderIdentity(fact("plain"),
        Map.of(PLAIN, new RemoteFile(PLAIN, stock, "644", "root", "root"))).orElseThrow());
    String defined = "REMOTE_SMTP_HELO_DATA = mail.example.test\n"
        + "REMOTE_SMTP_TLS_CERTIFICATE = /etc/exim4/client.crt\n" + stock;
    assertEquals(new SenderIdentity("mail.example.test", "remote_smtp.helo_data",
        Optional.of("/etc/exim4/client.crt")), new EximModule().senderIdentity(fact("plain"),
        Map.of(PLAIN, new RemoteFile(PLAIN, defined, "644", "root", "root"))).orElseThrow());
  }
}
