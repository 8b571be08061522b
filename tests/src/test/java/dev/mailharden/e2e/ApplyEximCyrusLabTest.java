package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.lab.LabTls;
import dev.mailharden.oracle.LineClient;
import dev.mailharden.oracle.TestSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exim + Cyrus end to end on real Debian lab hosts: check mode changes nothing, apply
 * hardens, testssl.sh, raw SMTP/IMAP/POP3 and JSSE clients confirm it from outside, the
 * admin's lines survive, a second apply changes nothing; a change the products' own checks
 * refuse is rolled back byte for byte with the daemons still answering.
 */
@Tag("lab")
class ApplyEximCyrusLabTest {

  static final String CHECKSUMS = "find /etc/exim4 /etc/imapd.conf /etc/cyrus.conf"
      + " /etc/ssl/mailharden -type f -exec sha256sum {} + 2>/dev/null | sort";
  static final String LOCALMACROS = "/etc/exim4/conf.d/main/000_localmacros";
  static final String ADMIN_MACROS = "# admin: size limit agreed with the helpdesk\n"
      + "MESSAGE_SIZE_LIMIT = 20M\n";
  /** An authenticator the admin enabled without Debian's TLS-only advertise guard. */
  static final String ADMIN_AUTH = "/etc/exim4/conf.d/auth/40_admin-plain";
  static final String ADMIN_AUTH_TEXT = "# admin: submission users\nplain_server:\n"
      + "  driver = plaintext\n  public_name = PLAIN\n"
      + "  server_condition = ${if and {{eq{$auth2}{alice}}{eq{$auth3}{alice-lab-pw}}}}\n"
      + "  server_set_id = $auth2\n";
  static final String ADMIN_IMAPD = "\n# admin: keep this note about our quota policy\n";

  @TempDir Path tmp;

  static Path inventory(Path dir, LabHost h) throws Exception {
    return LabInventory.write(dir.resolve("inventory.yml"), List.of(h),
        "mailharden_roles: mta,msa,smtps,mda");
  }

  /** Writes a file in the lab host as its admin would (base64: no quoting surprises). */
  static void write(LabHost h, String path, String content, boolean append) {
    Lab.exec(h, "printf '%s' '" + Base64.getEncoder().encodeToString(
        content.getBytes(StandardCharsets.UTF_8)) + "' | base64 -d " + (append ? ">>" : ">")
        + " " + path);
  }

  /** The admin's own setup before mailharden runs. */
  static void adminSetup(LabHost h) {
    write(h, LOCALMACROS, ADMIN_MACROS, true);
    write(h, ADMIN_AUTH, ADMIN_AUTH_TEXT, false);
    write(h, "/etc/imapd.conf", ADMIN_IMAPD, true);
    // Debian's snakeoil key is root:ssl-cert 0640; README.Debian has the admin add
    // Debian-exim to ssl-cert to use it (Cyrus' user already is, in the lab).
    Lab.exec(h, "usermod -aG ssl-cert Debian-exim && service exim4 reload </dev/null"
        + " >/dev/null 2>&1");
    cyrusRestartable(h);
  }

  /**
   * Debian trixie's SysV script stops the master by /run/cyrus-master.pid, but Cyrus 3.10
   * writes /var/lib/cyrus/master.pid: without systemd (the lab) "restart" cannot stop it.
   * A sysvinit admin's fix: have the master write the file the script reads (-p), and point
   * the script at the running master's pid once.
   */
  static void cyrusRestartable(LabHost h) {
    if (h.release().equals("trixie")) {
      Lab.exec(h, "echo 'OPTIONS=\"-p /run/cyrus-master.pid\"' >> /etc/default/cyrus-imapd"
          + " && ln -s /var/lib/cyrus/master.pid /run/cyrus-master.pid");
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("dev.mailharden.e2e.ApplyPostfixDovecotLabTest#combinations")
  void hardensEximAndCyrusAndProvesItFromOutside(String release, String profile)
      throws Exception {
    LabHost h = Lab.start(LabFlavor.EXIM_CYRUS, release);
    adminSetup(h);
    String macrosBefore = Lab.exec(h, "cat " + LOCALMACROS);
    Path inv = inventory(tmp, h);
    String kh = tmp.resolve("known_hosts").toString();

    String before = Lab.exec(h, CHECKSUMS);
    Cli.Run check = Cli.run("apply", "-i",
        inv.toString(), ApplyPostfixDovecotLabTest.playbook(profile), "--check", "--diff",
        "--known-hosts", kh, "--accept-new-host-keys");
    assertEquals(0, check.exit(), check.out() + check.err());
    assertTrue(check.out().contains("+++ b" + LOCALMACROS), check.out());
    assertTrue(check.out().contains("+++ b/etc/imapd.conf"), check.out());
    assertTrue(check.out().contains("+++ b/etc/cyrus.conf"), check.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "check mode changed a file");

    Cli.Run apply = Cli.run("apply", "-i",
        inv.toString(), ApplyPostfixDovecotLabTest.playbook(profile), "--known-hosts", kh);
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    assertTrue(apply.out().contains(h.name() + ": changed"), apply.out());

    String macrosAfter = Lab.exec(h, "cat " + LOCALMACROS);
    assertTrue(macrosAfter.startsWith(macrosBefore), "the admin's macros were rewritten:\n"
        + macrosAfter);
    assertTrue(Lab.exec(h, "cat /etc/imapd.conf").contains(ADMIN_IMAPD));
    assertTrue(Lab.exec(h, "cat " + ADMIN_AUTH).startsWith("# admin: submission users\n"
        + "plain_server:\n  driver = plaintext\n  server_advertise_condition = "));
    // trap 5: the GnuTLS build never gets OpenSSL options.
    assertFalse(macrosAfter.contains("openssl_options"), macrosAfter);

    proveFromOutside(h, profile);

    Path json = tmp.resolve("second.json");
    Cli.Run again = Cli.run("apply", "-i",
        inv.toString(), ApplyPostfixDovecotLabTest.playbook(profile), "--known-hosts", kh,
        "--json", json.toString());
    assertEquals(0, again.exit(), again.out() + again.err());
    JsonNode host = new ObjectMapper().readTree(json.toFile()).get("hosts").get(0);
    assertEquals("ok", host.get("status").asText(), again.out());
    assertEquals(0, host.get("steps").size(), "second run did something: " + host.get("steps"));
    assertEquals(0, host.get("files").size());
  }

  /**
   * testssl's JSON for a refused protocol: "not offered", or, when the server answers the
   * failed handshake in plaintext after STARTTLS (Cyrus does), "... downgraded to STARTTLS
   * plaintext" (its text output reads "not offered (OK), SSL downgraded to ...").
   */
  private static boolean refused(String finding) {
    return finding.startsWith("not offered")
        || finding.matches("(SSL|TLS) downgraded to STARTTLS plaintext");
  }

  private void proveFromOutside(LabHost h, String profile) throws Exception {
    boolean modern = profile.equals("modern");
    List<Integer> ports = List.of(25, 587, 465, 143, 110, 993, 995);
    Map<Integer, Map<String, String>> scans = TestSsl.protocolsOfPorts(h.address(), ports,
        tmp);
    for (int port : ports) {
      Map<String, String> f = scans.get(port);
      String where = h.name() + ":" + port + " (" + profile + ")";
      assertTrue(refused(f.get("SSLv2")), where + " SSLv2: " + f.get("SSLv2"));
      assertTrue(refused(f.get("SSLv3")), where + " SSLv3: " + f.get("SSLv3"));
      assertTrue(f.get("TLS1_2").startsWith("offered"), where + " TLS1.2: " + f.get("TLS1_2"));
      assertTrue(f.get("CRIME_TLS").startsWith("not vulnerable"), where + " compression: "
          + f.get("CRIME_TLS"));
      if (modern && port != 25) {
        assertTrue(refused(f.get("TLS1")), where + " TLS1: " + f.get("TLS1"));
        assertTrue(refused(f.get("TLS1_1")), where + " TLS1.1: " + f.get("TLS1_1"));
      }
    }
    SSLContext tls = LabTls.trusting(h.caCert());

    // 587: AUTH (the admin's authenticator) and mail only inside TLS; Debian's MAIL ACL
    // (accept) still decides inside. From a non-loopback source: no trust can hide a failure.
    java.net.InetAddress untrusted = Lab.nonLoopbackSource();
    try (LineClient c = new LineClient(h.address(), 587, untrusted)) {
      assertTrue(c.smtp().get(0).startsWith("220"));
      List<String> ehlo = c.smtp("EHLO client.example");
      assertFalse(ehlo.stream().anyMatch(l -> l.substring(4).startsWith("AUTH")),
          "AUTH before TLS on 587: " + ehlo);
      assertTrue(ehlo.stream().anyMatch(l -> l.contains("STARTTLS")), ehlo.toString());
      List<String> mail = c.smtp("MAIL FROM:<someone@example.org>");
      assertEquals("530 5.7.0 Must issue a STARTTLS command first", mail.get(0),
          "MAIL before TLS on 587: " + mail);
      assertTrue(c.smtp("STARTTLS").get(0).startsWith("220"));
      c.startTls(tls, h.name());
      List<String> secured = c.smtp("EHLO client.example");
      assertTrue(secured.stream().anyMatch(l -> l.substring(4).startsWith("AUTH PLAIN")),
          "no AUTH inside TLS: " + secured);
      assertTrue(c.smtp("MAIL FROM:<someone@example.org>").get(0).startsWith("250"));
    }
    // 25 stays opportunistic: a sender without TLS is still taken.
    try (LineClient c = new LineClient(h.address(), 25, untrusted)) {
      assertTrue(c.smtp().get(0).startsWith("220"));
      c.smtp("EHLO client.example");
      List<String> mail = c.smtp("MAIL FROM:<someone@example.org>");
      assertTrue(mail.get(0).startsWith("250"), "MAIL without TLS on 25: " + mail);
    }
    // Cyrus: no plaintext LOGIN before STARTTLS, probed from a non-loopback source address
    // (to the lab host's 127.0.2.N) as for Dovecot, so no loopback trust can hide a failure.
    try (LineClient c = new LineClient(h.address(), 143, untrusted)) {
      c.line();
      List<String> caps = c.imap("a1", "CAPABILITY");
      assertTrue(String.join(" ", caps).contains("LOGINDISABLED"), caps.toString());
      // tls_required: not even SCRAM or CRAM-MD5 before STARTTLS.
      assertFalse(caps.stream().flatMap(l -> java.util.Arrays.stream(l.split(" ")))
          .anyMatch(a -> a.startsWith("AUTH=")), "AUTH before TLS: " + caps);
      List<String> login = c.imap("a2", "LOGIN alice alice-lab-pw");
      assertTrue(login.get(login.size() - 1).startsWith("a2 NO")
          || login.get(login.size() - 1).startsWith("a2 BAD"), "plaintext login: " + login);
    }
    try (LineClient c = new LineClient(h.address(), 110, untrusted)) {
      c.line();
      c.send("USER alice");
      assertTrue(c.line().startsWith("-ERR"), "POP3 USER accepted before STLS");
    }
    // Implicit TLS with the lab certificate on 465, 993 and 995.
    try (LineClient c = LineClient.tls(h.address(), 465, tls, h.name())) {
      assertTrue(c.smtp().get(0).startsWith("220"));
    }
    try (LineClient c = LineClient.tls(h.address(), 993, tls, h.name())) {
      assertTrue(c.line().startsWith("* OK"));
    }
    try (LineClient c = LineClient.tls(h.address(), 995, tls, h.name())) {
      assertTrue(c.line().startsWith("+OK"));
    }
  }

  /**
   * A change the product's own check refuses: every file back byte for byte, the host
   * reported rolled_back, the daemons still answering on the old config.
   */
  private void rolledBack(String release, String cert, String key, String keyOwner,
      String failingCheck) throws Exception {
    LabHost h = Lab.start(LabFlavor.EXIM_CYRUS, release);
    // The pair the play names: a copy of the lab's, the key with the given owner and mode.
    Lab.exec(h, "install -m 0644 " + h.certPath() + " " + cert + " && install " + keyOwner
        + " " + h.keyPath() + " " + key);
    String before = Lab.exec(h, CHECKSUMS);
    Path book = tmp.resolve("play.yml");
    Files.writeString(book, "- name: fault\n  hosts: all\n  profile: modern\n  vars:\n"
        + "    tls_cert: " + cert + "\n    tls_key: " + key + "\n"
        + "    roles: mta,msa,smtps,mda\n    dh_file: /etc/ssl/mailharden/ffdhe2048.pem\n");
    Path json = tmp.resolve("fault.json");
    Cli.Run r = Cli.run("apply", "-i",
        inventory(tmp, h).toString(), book.toString(), "--known-hosts",
        tmp.resolve("kh").toString(), "--accept-new-host-keys", "--json", json.toString());
    JsonNode host = new ObjectMapper().readTree(json.toFile()).get("hosts").get(0);
    assertEquals("rolled_back", host.get("status").asText(), r.out() + r.err());
    assertTrue(host.toString().contains(failingCheck), host.toString());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "a file differs after the rollback");
    try (LineClient c = new LineClient(h.address(), 25)) {
      assertTrue(c.smtp().get(0).startsWith("220"));
    }
    try (LineClient c = new LineClient(h.address(), 143)) {
      assertTrue(c.line().startsWith("* OK"));
    }
  }

  /** Exim reads the key as Debian-exim: a key of Cyrus' group (mail) alone refuses it. */
  @Test
  void eximRefusingTheKeyRollsBackEverything() throws Exception {
    rolledBack("bookworm", "/etc/ssl/certs/mail-only.pem", "/etc/ssl/private/mail-only.key",
        "-o root -g mail -m 0640", "Exim user Debian-exim cannot read");
  }

  /** Exim's own key (root:Debian-exim 0640) suits Exim, but Cyrus' user cannot read it. */
  @Test
  void cyrusRefusingTheKeyRollsBackEverything() throws Exception {
    rolledBack("trixie", "/etc/exim4/exim.crt", "/etc/exim4/exim.key",
        "-o root -g Debian-exim -m 0640", "user cyrus cannot read");
  }
}
