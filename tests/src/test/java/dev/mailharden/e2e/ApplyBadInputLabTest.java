package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input never touches a host: exit 2, a message naming where, every file unchanged. */
@Tag("lab")
class ApplyBadInputLabTest {

  static LabHost host;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    host = Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm");
    // A real key that belongs to no certificate of the host.
    Lab.exec(host, "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048"
        + " -out /etc/ssl/private/unrelated.key 2>/dev/null");
  }

  private Cli.Run apply(String playbook, Path knownHosts) throws Exception {
    Path inv = ApplyPostfixDovecotLabTest.inventory(tmp, host);
    Path book = tmp.resolve("play.yml");
    Files.writeString(book, playbook);
    return Cli.run("apply", "-i", inv.toString(), book.toString(),
        "--known-hosts", knownHosts.toString(), "--accept-new-host-keys");
  }

  private static String play(String profile, String cert, String key) {
    return "- name: test\n  hosts: all\n  profile: " + profile + "\n  vars:\n"
        + "    tls_cert: \"" + cert + "\"\n    tls_key: \"" + key + "\"\n"
        + "    roles: mta,msa,mda\n    dh_file: /etc/ssl/mailharden/dh.pem\n";
  }

  /** Errors found before connecting: the host is never contacted. */
  private void refusedBeforeConnecting(String playbook, String where, String what)
      throws Exception {
    Path kh = tmp.resolve("kh-" + System.nanoTime());
    Cli.Run r = apply(playbook, kh);
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(tmp.resolve("play.yml") + ":" + where), r.err());
    assertTrue(r.err().contains(what), r.err());
    assertFalse(Files.exists(kh), "the host was contacted");
  }

  @Test
  void unknownProfile() throws Exception {
    refusedBeforeConnecting(play("nope", "/a", "/b"), "3:", "unknown profile 'nope'");
  }

  @Test
  void playbookYamlError() throws Exception {
    refusedBeforeConnecting("- name: test\n  hosts: [all\n", "", "YAML");
  }

  @Test
  void jinjaSyntaxError() throws Exception {
    refusedBeforeConnecting(play("bettercrypto", "{{ mailharden_tls_cert | }}", "/b"), "5:",
        "template error");
  }

  @Test
  void undefinedVariable() throws Exception {
    refusedBeforeConnecting(play("bettercrypto", "{{ my_cert_path }}", "/b"), "5:",
        "my_cert_path");
  }

  /** Errors only the host can reveal: found in the read phase, before any write. */
  private void refusedBeforeWriting(String playbook, String what) throws Exception {
    String before = Lab.exec(host, ApplyPostfixDovecotLabTest.CHECKSUMS);
    Cli.Run r = apply(playbook, tmp.resolve("kh"));
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains(host.name() + ": bad_input"), r.out());
    assertTrue(r.out().contains("host " + host.name() + ", "), r.out());
    assertTrue(r.out().contains(what), r.out());
    assertEquals(before, Lab.exec(host, ApplyPostfixDovecotLabTest.CHECKSUMS));
    assertEquals("", Lab.exec(host, "ls /var/lib/mailharden/runs 2>/dev/null || true"));
  }

  @Test
  void certificateMissingOnTheHost() throws Exception {
    refusedBeforeWriting(play("bettercrypto", "/etc/ssl/certs/nope.pem",
        "/etc/ssl/private/ssl-cert-snakeoil.key"), "/etc/ssl/certs/nope.pem");
  }

  @Test
  void keyMissingOnTheHost() throws Exception {
    refusedBeforeWriting(play("bettercrypto", "/etc/ssl/certs/ssl-cert-snakeoil.pem",
        "/etc/ssl/private/nope.key"), "/etc/ssl/private/nope.key");
  }

  @Test
  void keyThatDoesNotMatchTheCertificate() throws Exception {
    refusedBeforeWriting(play("modern", "/etc/ssl/certs/ssl-cert-snakeoil.pem",
        "/etc/ssl/private/unrelated.key"), "does not match");
  }
}
