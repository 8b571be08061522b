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
import dev.mailharden.oracle.LineClient;
import dev.mailharden.oracle.TestSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The main job end to end on real Postfix + Dovecot lab hosts: check mode changes nothing,
 * apply hardens, independent clients (testssl.sh, raw SMTP/IMAP/POP3, JSSE) confirm it from
 * outside, the admin's own lines survive, and a second apply changes nothing.
 */
@Tag("lab")
class ApplyPostfixDovecotLabTest {

  static final String CHECKSUMS = "find /etc/postfix /etc/dovecot /etc/ssl/mailharden -type f"
      + " -exec sha256sum {} + 2>/dev/null | sort";
  static final String ADMIN_MAIN_CF = "\n# admin: relay limits agreed with the helpdesk\n"
      + "message_size_limit = 20480000\n";
  static final String ADMIN_SSL_CONF = "\n# admin: keep this note about our CA\n";

  @TempDir Path tmp;

  /** Every lab release with every profile: the matrix of the end-to-end apply tests. */
  static Stream<Arguments> combinations() {
    return Stream.of("trixie", "bookworm").flatMap(r ->
        Stream.of("bettercrypto", "modern").map(p -> Arguments.of(r, p)));
  }

  static Path inventory(Path dir, LabHost h) throws Exception {
    return LabInventory.write(dir.resolve("inventory.yml"), List.of(h));
  }

  static String playbook(String profile) {
    return Lab.repo().resolve("playbooks/" + profile + ".yml").toString();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("combinations")
  void hardensPostfixAndDovecotAndProvesItFromOutside(String release, String profile)
      throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, release);
    Lab.exec(h, "printf '" + ADMIN_MAIN_CF + "' >> /etc/postfix/main.cf && printf '"
        + ADMIN_SSL_CONF + "' >> /etc/dovecot/conf.d/10-ssl.conf");
    String mainBefore = Lab.exec(h, "cat /etc/postfix/main.cf");
    Path inv = inventory(tmp, h);
    String kh = tmp.resolve("known_hosts").toString();

    // Check mode: diffs shown, every file byte-identical afterwards.
    String before = Lab.exec(h, CHECKSUMS);
    Cli.Run check = Cli.run("apply", "-i",
        inv.toString(), playbook(profile), "--check", "--diff", "--known-hosts", kh,
        "--accept-new-host-keys");
    assertEquals(0, check.exit(), check.out() + check.err());
    assertTrue(check.out().contains("--- a/etc/postfix/main.cf"), check.out());
    assertTrue(check.out().contains("+++ b/etc/dovecot/conf.d/10-ssl.conf"), check.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "check mode changed a file");

    Cli.Run apply = Cli.run("apply", "-i",
        inv.toString(), playbook(profile), "--known-hosts", kh);
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    assertTrue(apply.out().contains(h.name() + ": changed"), apply.out());

    // The admin's lines survive byte for byte, in order.
    String mainAfter = Lab.exec(h, "cat /etc/postfix/main.cf");
    assertTrue(mainAfter.startsWith(mainBefore.substring(0, mainBefore.indexOf(ADMIN_MAIN_CF))
        + ADMIN_MAIN_CF), "main.cf before our block was rewritten:\n" + mainAfter);
    assertTrue(Lab.exec(h, "cat /etc/dovecot/conf.d/10-ssl.conf").contains(ADMIN_SSL_CONF));

    proveFromOutside(h, profile);

    // Second run: nothing to do, nothing reloaded.
    Path json = tmp.resolve("second.json");
    Cli.Run again = Cli.run("apply", "-i",
        inv.toString(), playbook(profile), "--known-hosts", kh, "--json", json.toString());
    assertEquals(0, again.exit(), again.out() + again.err());
    JsonNode host = new ObjectMapper().readTree(json.toFile()).get("hosts").get(0);
    assertEquals("ok", host.get("status").asText(), again.out());
    assertEquals(0, host.get("steps").size(), "second run did something: " + host.get("steps"));
    assertEquals(0, host.get("files").size());
  }

  /**
   * A profile naming a group generated beforehand (`dh: {source: file}`): the host gets
   * exactly that group and serves it; nothing waits for generation. Bookworm: Postfix 3.7
   * and Dovecot 2.3 both serve the file (Postfix 3.9+ prefers RFC 7919 groups to it).
   */
  @org.junit.jupiter.api.Test
  void aPreGeneratedGroupNamedByTheProfileIsWrittenAndServed() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm");
    Path dir = Files.createDirectories(tmp.resolve("pregenerated/profiles"));
    // A 3072-bit group as openssl writes one (RFC 7919's, so the test need not wait for one).
    Process gen = new ProcessBuilder("openssl", "genpkey", "-genparam", "-algorithm", "DH",
        "-pkeyopt", "group:ffdhe3072", "-out", dir.resolve("dh3072.pem").toString())
        .inheritIO().start();
    assertEquals(0, gen.waitFor());
    String better = Files.readString(Lab.repo().resolve("playbooks/profiles/bettercrypto.yml"));
    Files.writeString(dir.resolve("own-dh.yml"), better.replace("name: bettercrypto",
        "name: own-dh").replace("source: generate", "source: file\n  file: dh3072.pem")
        .replace("bits: 2048", "bits: 3072"));
    Path play = dir.resolveSibling("play.yml");
    Files.writeString(play, Files.readString(Lab.repo().resolve("playbooks/bettercrypto.yml"))
        .replace("profile: bettercrypto", "profile: own-dh"));

    Cli.Run apply = Cli.run("apply", "-i", inventory(tmp, h).toString(), play.toString(),
        "--known-hosts", tmp.resolve("known_hosts").toString(), "--accept-new-host-keys");
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    assertEquals(Files.readString(dir.resolve("dh3072.pem")).strip(),
        Lab.exec(h, "cat /etc/ssl/mailharden/dhparams.pem").strip());
    for (int port : List.of(587, 993)) {
      assertEquals(List.of(3072), ProbeLabTest.probe(h, port).dhParams().stream()
          .map(dev.mailharden.core.probe.DhParams::bits).distinct().toList(), "port " + port);
    }
  }

  private void proveFromOutside(LabHost h, String profile) throws Exception {
    boolean modern = profile.equals("modern");
    List<Integer> ports = List.of(25, 587, 143, 110, 993, 995);
    Map<Integer, Map<String, String>> scans = TestSsl.protocolsOfPorts(h.address(), ports,
        tmp);
    for (int port : ports) {
      Map<String, String> f = scans.get(port);
      String where = h.name() + ":" + port + " (" + profile + ")";
      assertTrue(f.get("SSLv2").startsWith("not offered"), where + " SSLv2: " + f.get("SSLv2"));
      assertTrue(f.get("SSLv3").startsWith("not offered"), where + " SSLv3: " + f.get("SSLv3"));
      assertTrue(f.get("TLS1_2").startsWith("offered"), where + " TLS1.2: " + f.get("TLS1_2"));
      assertTrue(f.get("CRIME_TLS").startsWith("not vulnerable"), where + " compression: "
          + f.get("CRIME_TLS"));
      if (modern && port != 25) {
        assertTrue(f.get("TLS1").startsWith("not offered"), where + " TLS1: " + f.get("TLS1"));
        assertTrue(f.get("TLS1_1").startsWith("not offered"), where + " TLS1.1: "
            + f.get("TLS1_1"));
      }
    }
    SSLContext tls = dev.mailharden.lab.LabTls.trusting(h.caCert());

    // 587: no AUTH before STARTTLS, no mail without TLS.
    try (LineClient c = new LineClient(h.address(), 587)) {
      assertTrue(c.smtp().get(0).startsWith("220"));
      List<String> ehlo = c.smtp("EHLO client.example");
      assertFalse(ehlo.stream().anyMatch(l -> l.substring(4).startsWith("AUTH")), "AUTH before"
          + " TLS on 587: " + ehlo);
      assertTrue(ehlo.stream().anyMatch(l -> l.contains("STARTTLS")), ehlo.toString());
      List<String> mail = c.smtp("MAIL FROM:<someone@example.org>");
      assertTrue(mail.get(0).startsWith("530"), "mail accepted without TLS: " + mail);
    }
    // 587 from 127.0.0.1, which Debian's mynetworks (127.0.0.0/8) trusts: no relay without AUTH.
    try (LineClient c = new LineClient(h.address(), 587)) {
      c.smtp();
      c.smtp("EHLO client.example");
      assertTrue(c.smtp("STARTTLS").get(0).startsWith("220"));
      c.startTls(tls, h.name());
      c.smtp("EHLO client.example");
      assertTrue(c.smtp("MAIL FROM:<someone@example.org>").get(0).startsWith("250"));
      List<String> rcpt = c.smtp("RCPT TO:<victim@elsewhere.example>");
      assertTrue(rcpt.get(0).startsWith("5"), "relay from mynetworks without AUTH: " + rcpt);
    }
    // Dovecot: no plaintext LOGIN before STARTTLS. Dovecot counts every loopback client as
    // secured, so this client speaks from the machine's own non-loopback address (still to
    // the lab host's 127.0.2.N: the traffic never leaves the machine).
    java.net.InetAddress untrusted = Lab.nonLoopbackSource();
    try (LineClient c = new LineClient(h.address(), 143, untrusted)) {
      c.line();
      List<String> caps = c.imap("a1", "CAPABILITY");
      assertTrue(String.join(" ", caps).contains("LOGINDISABLED"), caps.toString());
      List<String> login = c.imap("a2", "LOGIN alice alice-lab-pw");
      assertTrue(login.get(login.size() - 1).startsWith("a2 NO"), "plaintext login: " + login);
    }
    try (LineClient c = new LineClient(h.address(), 110, untrusted)) {
      c.line();
      c.send("USER alice");
      assertTrue(c.line().startsWith("-ERR"), "POP3 USER accepted before STLS");
    }
    // Implicit TLS on 993 and 995 with the lab certificate.
    try (LineClient c = LineClient.tls(h.address(), 993, tls, h.name())) {
      assertTrue(c.line().startsWith("* OK"));
    }
    try (LineClient c = LineClient.tls(h.address(), 995, tls, h.name())) {
      assertTrue(c.line().startsWith("+OK"));
    }
    // DH: at least 2048 bits wherever a DHE suite is negotiated (bettercrypto offers kEDH).
    if (!modern) {
      String dh = Lab.run(List.of("sh", "-c", "openssl s_client -starttls smtp -connect "
          + h.address() + ":587 -tls1_2 -cipher DHE </dev/null 2>&1 | grep 'Temp Key'"));
      assertTrue(dh.matches("(?s).*DH, (\\d{4,}) bits.*") && Integer.parseInt(
          dh.replaceAll("(?s).*DH, (\\d+) bits.*", "$1")) >= 2048, "DH: " + dh);
    }
  }
}
