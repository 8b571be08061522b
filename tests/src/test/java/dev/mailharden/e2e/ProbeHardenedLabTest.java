package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.probe.DhParams;
import dev.mailharden.core.probe.Endpoint;
import dev.mailharden.core.probe.MailTlsProber;
import dev.mailharden.core.probe.PlaintextPhase;
import dev.mailharden.core.probe.PlaintextPhase.LoginOutcome;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ProbeReport;
import dev.mailharden.core.probe.TlsStart;
import dev.mailharden.core.probe.TlsVersion;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.lab.LabTls;
import dev.mailharden.oracle.LineClient;
import dev.mailharden.oracle.TestSsl;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prober on HARDENED lab hosts: after {@code mailharden apply} of bettercrypto, then of
 * modern (one host per product pair and release), every mail port's versions, suites,
 * compression and DH sizes equal what testssl.sh and openssl s_client see, the plaintext
 * dialogues on 587/143/110 equal what a raw client sees from a non-loopback address, and the
 * profile's verdict is what the daemons really do.
 */
@Tag("lab")
class ProbeHardenedLabTest {

  static final List<Integer> PORTS = List.of(25, 587, 465, 143, 110, 993, 995);
  /** testssl's ids for the versions, in the prober's order. */
  static final Map<TlsVersion, String> TESTSSL_IDS = Map.of(TlsVersion.SSL_2, "SSLv2",
      TlsVersion.SSL_3, "SSLv3", TlsVersion.TLS_1_0, "TLS1", TlsVersion.TLS_1_1, "TLS1_1",
      TlsVersion.TLS_1_2, "TLS1_2", TlsVersion.TLS_1_3, "TLS1_3");

  @TempDir Path tmp;

  static Stream<Arguments> hosts() {
    return Stream.of(LabFlavor.values()).flatMap(f -> Stream.of("trixie", "bookworm")
        .map(r -> Arguments.of(f, r)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hosts")
  void proberAgreesWithTestsslOpensslAndRawClientsAfterEachProfile(LabFlavor flavor,
      String release) throws Exception {
    LabHost h = Lab.start(flavor, release);
    if (flavor == LabFlavor.EXIM_CYRUS) {
      ApplyEximCyrusLabTest.adminSetup(h);
    } else {
      // Submission users for Postfix: Dovecot's SASL socket; AUTH is what 587/465 must hide.
      Lab.exec(h, "postconf -e smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth"
          + " smtpd_sasl_auth_enable=yes && printf '%s' '" + Base64.getEncoder().encodeToString(
              DOVECOT_AUTH_SOCKET.getBytes(StandardCharsets.UTF_8)) + "' | base64 -d"
          + " > /etc/dovecot/conf.d/99-admin-postfix-auth.conf && service dovecot restart"
          + " </dev/null >/dev/null 2>&1 && service postfix reload </dev/null >/dev/null 2>&1");
    }
    Path inv = LabInventory.write(tmp.resolve("inventory.yml"), List.of(h),
        "mailharden_roles: mta,msa,smtps,mda");
    String kh = tmp.resolve("known_hosts").toString();
    for (String profile : List.of("bettercrypto", "modern")) {
      Cli.Run apply = Cli.run("apply", "-i", inv.toString(),
          ApplyPostfixDovecotLabTest.playbook(profile), "--known-hosts", kh,
          "--accept-new-host-keys");
      assertEquals(0, apply.exit(), apply.out() + apply.err());
      Map<Integer, Map<String, String>> testssl = TestSsl.protocolsOfPorts(h.address(), PORTS,
          tmp);
      Map<Integer, ProbeReport> surveys = new java.util.TreeMap<>();
      for (int port : PORTS) {
        String where = h.name() + ":" + port + " after " + profile;
        ProbeReport r = probe(h, port);
        surveys.put(port, r);
        assertEquals(List.of(), r.errors(), where);
        sameTlsFactsAsTestsslAndOpenssl(h, port, r, testssl.get(port), where);
        // Every check of the profile passes on every port of both products.
        assertEquals(Set.of(), ProbeLabTest.failedChecks(r, profile),
            where + ": " + r.plaintext());
        if (port == 587 || port == 143 || port == 110) {
          samePlaintextPhaseAsARawClient(h, port, r.plaintext(), where);
        }
      }
      submissionInsideTls(h, 587);
      submissionInsideTls(h, 465);
      if (flavor == LabFlavor.EXIM_CYRUS) {
        cyrusUserLogsInInsideTls(h, profile);
      }
      // Last: Exim holds a connection slot 500 ms after each refused hello, and the policy
      // probe's refusals would fill its slots under the openssl oracle's next connections.
      surveys.forEach((port, r) -> ProbeLabTest.policyProbeAgreesWithSurvey(h, port, r,
          h.name() + ":" + port + " after " + profile));
    }
    dovecotTrustsOnlyItsOwnAddress(h);
  }

  static ProbeReport probe(LabHost h, int port) {
    return MailTlsProber.probe(new Endpoint(h.address(), port, TlsStart.forPort(port), h.name()),
        ProbeOptions.defaults().withCaFile(h.caCert()));
  }

  /** Versions and compression against testssl; suites and DH sizes against openssl. */
  private static void sameTlsFactsAsTestsslAndOpenssl(LabHost h, int port, ProbeReport r,
      Map<String, String> testssl, String where) throws Exception {
    for (Map.Entry<TlsVersion, String> v : TESTSSL_IDS.entrySet()) {
      String finding = testssl.get(v.getValue());
      assertTrue(finding.startsWith("offered") || refused(finding), where + " " + v.getValue()
          + ": testssl says " + finding);
      assertEquals(finding.startsWith("offered"), r.protocols().contains(v.getKey()),
          where + " " + v.getValue() + ": testssl says " + finding);
    }
    assertEquals(!testssl.get("CRIME_TLS").startsWith("not vulnerable"), r.compression(),
        where + " compression: testssl says " + testssl.get("CRIME_TLS"));
    OpensslOracle openssl = new OpensslOracle(h.address(), port);
    for (TlsVersion v : List.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2,
        TlsVersion.TLS_1_3)) {
      assertEquals(openssl.suites(v), Set.copyOf(r.ciphers().getOrDefault(v, List.of())),
          where + " " + v + " suites");
    }
    assertEquals(openssl.dhBits(), r.dhParams().stream().map(DhParams::bits)
        .collect(Collectors.toSet()), where + " DH sizes");
  }

  /** testssl's "not offered", or Cyrus' plaintext answer to a failed STARTTLS handshake. */
  private static boolean refused(String finding) {
    return finding.startsWith("not offered")
        || finding.matches("(SSL|TLS) downgraded to STARTTLS plaintext");
  }

  /**
   * The same dialogue by a raw client from the machine's non-loopback address (no server
   * trusts it): the AUTH mechanisms, the answer to a fake cleartext login and, on 587, to
   * MAIL FROM before TLS are the prober's.
   */
  private static void samePlaintextPhaseAsARawClient(LabHost h, int port, PlaintextPhase p,
      String where) throws Exception {
    InetAddress stranger = Lab.nonLoopbackSource();
    try (LineClient c = new LineClient(h.address(), port, stranger)) {
      switch (port) {
        case 587 -> {
          c.smtp();
          List<String> ehlo = c.smtp("EHLO client.example");
          assertEquals(ehlo.stream().map(l -> l.substring(4)).filter(l -> l.startsWith("AUTH"))
              .flatMap(l -> Stream.of(l.substring(5).trim().split("\\s+"))).toList(),
              p.authMechanisms(), where + " AUTH before TLS: " + ehlo);
          String auth = c.smtp("AUTH PLAIN " + Base64.getEncoder().encodeToString(
              "\0nobody\0wrong".getBytes(StandardCharsets.US_ASCII))).get(0);
          assertEquals(auth.substring(0, 3), p.loginReply().substring(0, 3), where + " AUTH");
          assertEquals(LoginOutcome.REFUSED, p.plaintextLogin(), where + " " + auth);
          List<String> mail = c.smtp("MAIL FROM:<someone@example.org>");
          assertEquals(mail.get(0).substring(0, 3), p.mailFromReply().substring(0, 3),
              where + " MAIL FROM before TLS: " + mail);
          // Postfix' smtpd_tls_security_level=encrypt and Exim's MAIL ACL both say 530.
          assertEquals("530", mail.get(0).substring(0, 3), where + ": " + mail);
        }
        case 143 -> {
          c.line();
          List<String> caps = c.imap("a1", "CAPABILITY");
          assertEquals(String.join(" ", caps).contains("LOGINDISABLED"),
              !p.plaintextLoginAdvertised(), where + " " + caps);
          assertEquals(caps.stream().flatMap(l -> Stream.of(l.split(" ")))
              .filter(a -> a.startsWith("AUTH=")).map(a -> a.substring(5)).toList(),
              p.authMechanisms(), where + " " + caps);
          List<String> login = c.imap("a2", "LOGIN nobody wrong");
          String tagged = login.get(login.size() - 1);
          assertEquals(tagged.substring(3, 5), p.loginReply().substring(3, 5), where);
          assertEquals(LoginOutcome.REFUSED, p.plaintextLogin(), where + " " + tagged);
        }
        default -> {
          c.line();
          c.send("CAPA");
          List<String> capa = new java.util.ArrayList<>();
          for (String l = c.line(); !l.equals("."); l = c.line()) {
            capa.add(l);
          }
          assertEquals(capa.stream().filter(l -> l.startsWith("SASL "))
              .flatMap(l -> Stream.of(l.substring(5).trim().split("\\s+"))).toList(),
              p.authMechanisms(), where + " " + capa);
          c.send("USER nobody");
          String user = c.line();
          assertTrue(user.startsWith("-ERR"), where + " USER before STLS: " + user);
          assertEquals(user.substring(0, 4), p.loginReply().substring(0, 4), where);
          assertEquals(LoginOutcome.REFUSED, p.plaintextLogin(), where + " " + user);
        }
      }
    }
  }

  /** Inside TLS the submission ports do offer AUTH (the hardening hid it, not removed it). */
  private static void submissionInsideTls(LabHost h, int port) throws Exception {
    SSLContext tls = LabTls.trusting(h.caCert());
    try (LineClient c = port == 465 ? LineClient.tls(h.address(), port, tls, h.name())
        : new LineClient(h.address(), port, Lab.nonLoopbackSource())) {
      assertTrue(c.smtp().get(0).startsWith("220"));
      if (port == 587) {
        c.smtp("EHLO client.example");
        assertTrue(c.smtp("STARTTLS").get(0).startsWith("220"));
        c.startTls(tls, h.name());
      }
      List<String> ehlo = c.smtp("EHLO client.example");
      assertTrue(ehlo.stream().anyMatch(l -> l.substring(4).toUpperCase(Locale.ROOT)
          .startsWith("AUTH ")), h.name() + ":" + port + " no AUTH inside TLS: " + ehlo);
    }
  }

  /**
   * Hiding every mechanism before TLS must not lock users out inside it: the lab's sasldb user
   * logs in with AUTHENTICATE PLAIN after STARTTLS on 143 and with LOGIN on 993, and over POP3
   * with AUTH PLAIN after STLS on 110 and USER/PASS on 995.
   */
  private static void cyrusUserLogsInInsideTls(LabHost h, String profile) throws Exception {
    SSLContext tls = LabTls.trusting(h.caCert());
    String plain = Base64.getEncoder().encodeToString(
        "\0alice\0alice-lab-pw".getBytes(StandardCharsets.US_ASCII));
    String where = h.name() + " after " + profile;
    try (LineClient c = new LineClient(h.address(), 143, Lab.nonLoopbackSource())) {
      c.line();
      List<String> starttls = c.imap("a1", "STARTTLS");
      assertTrue(starttls.get(starttls.size() - 1).startsWith("a1 OK"), where + " " + starttls);
      c.startTls(tls, h.name());
      String caps = String.join(" ", c.imap("a2", "CAPABILITY"));
      assertTrue(caps.contains("AUTH=PLAIN"), where + ":143 no AUTH=PLAIN inside TLS: " + caps);
      List<String> auth = c.imap("a3", "AUTHENTICATE PLAIN " + plain);
      assertTrue(auth.get(auth.size() - 1).startsWith("a3 OK"), where + ":143 " + auth);
    }
    try (LineClient c = LineClient.tls(h.address(), 993, tls, h.name())) {
      c.line();
      List<String> login = c.imap("a1", "LOGIN alice alice-lab-pw");
      assertTrue(login.get(login.size() - 1).startsWith("a1 OK"), where + ":993 " + login);
    }
    try (LineClient c = new LineClient(h.address(), 110, Lab.nonLoopbackSource())) {
      c.line();
      c.send("STLS");
      String stls = c.line();
      assertTrue(stls.startsWith("+OK"), where + ":110 STLS: " + stls);
      c.startTls(tls, h.name());
      c.send("AUTH PLAIN " + plain);
      String auth = c.line();
      assertTrue(auth.startsWith("+OK"), where + ":110 AUTH PLAIN: " + auth);
    }
    try (LineClient c = LineClient.tls(h.address(), 995, tls, h.name())) {
      c.line();
      c.send("USER alice");
      assertTrue(c.line().startsWith("+OK"), where + ":995 USER");
      c.send("PASS alice-lab-pw");
      String pass = c.line();
      assertTrue(pass.startsWith("+OK"), where + ":995 PASS: " + pass);
    }
  }

  /**
   * Dovecot counts a connection as secured when its source address equals its destination
   * (login-common: "localhost connections are always secured"), not every loopback client:
   * from 127.0.0.1 (the prober's default source towards 127.0.2.N) it refuses cleartext like
   * any stranger; from the lab host's own address it offers AUTH=PLAIN. The prober says so
   * instead of reporting a trusted view as the world's.
   */
  private void dovecotTrustsOnlyItsOwnAddress(LabHost h) throws Exception {
    if (h.flavor() != LabFlavor.POSTFIX_DOVECOT) {
      return;
    }
    try (LineClient own = new LineClient(h.address(), 143, InetAddress.getByName(h.address()));
        LineClient lo = new LineClient(h.address(), 143, InetAddress.getByName("127.0.0.1"))) {
      own.line();
      lo.line();
      String ownCaps = String.join(" ", own.imap("a1", "CAPABILITY"));
      String loCaps = String.join(" ", lo.imap("a1", "CAPABILITY"));
      assertTrue(ownCaps.contains("AUTH=PLAIN") && !ownCaps.contains("LOGINDISABLED"), ownCaps);
      assertTrue(loCaps.contains("LOGINDISABLED") && !loCaps.contains("AUTH=PLAIN"), loCaps);
    }
    ProbeReport fromOwn = MailTlsProber.probe(new Endpoint(h.address(), 143, TlsStart.IMAP,
        h.name()), ProbeOptions.defaults().withCaFile(h.caCert()).withBindAddress(h.address()));
    assertTrue(fromOwn.errors().stream().anyMatch(e -> e.startsWith("plaintext phase: from "
        + h.address() + ", the server's own address")), fromOwn.errors().toString());
    assertTrue(ProbeLabTest.failedChecks(fromOwn, "modern").contains("probe"));
    // apply's post-change verdict judges only TLS: the unknown plaintext view does not fail it.
    assertEquals(List.of(), PortPolicy.of(ProbeLabTest.profile("modern"), 143).tlsOnly()
        .judge(fromOwn).stream().filter(f -> !f.passed()).toList());
    ProbeReport implicit = probe(h, 993);
    assertNull(implicit.plaintext());
  }

  private static final String DOVECOT_AUTH_SOCKET = "# admin: Postfix submission uses Dovecot"
      + " SASL\nservice auth {\n  unix_listener /var/spool/postfix/private/auth {\n"
      + "    mode = 0660\n    user = postfix\n    group = postfix\n  }\n}\n";
}
