package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.probe.DhParams;
import dev.mailharden.core.probe.Endpoint;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.probe.MailTlsProber;
import dev.mailharden.core.probe.PlaintextPhase;
import dev.mailharden.core.probe.PlaintextPhase.LoginOutcome;
import dev.mailharden.core.probe.PolicyProbe;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ProbeReport;
import dev.mailharden.core.probe.TlsStart;
import dev.mailharden.core.probe.TlsVersion;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.oracle.LineClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mailharden probe} against the stock lab hosts (Postfix, Dovecot, Exim, Cyrus on Debian
 * trixie and bookworm): its facts equal what openssl s_client (and, for one endpoint, testssl)
 * sees on the same endpoint, and its verdicts are the ones observed on stock configurations.
 */
@Tag("lab")
class ProbeLabTest {

  @TempDir Path tmp;

  static Stream<Arguments> endpoints() {
    return Stream.of(LabFlavor.values()).flatMap(f -> Stream.of("trixie", "bookworm")
        .flatMap(r -> f.stockMailPorts().stream().map(p -> Arguments.of(f, r, p))));
  }

  static ProbeReport probe(LabHost h, int port) {
    return MailTlsProber.probe(new Endpoint(h.address(), port, TlsStart.forPort(port), h.name()),
        ProbeOptions.defaults().withCaFile(h.caCert()));
  }

  @ParameterizedTest(name = "{0} {1} port {2}")
  @MethodSource("endpoints")
  void versionsSuitesDhGroupsAndChainEqualWhatOpensslSees(LabFlavor flavor, String release,
      int port) throws Exception {
    LabHost h = Lab.shared(flavor, release);
    ProbeReport r = probe(h, port);
    String where = h.name() + ":" + port;
    assertEquals(List.of(), r.errors(), where);

    OpensslOracle openssl = new OpensslOracle(h.address(), port);
    Set<String> knownToOpenssl = new HashSet<>(OpensslOracle.knownSuites(false).keySet());
    knownToOpenssl.addAll(OpensslOracle.knownSuites(true).keySet());
    for (TlsVersion v : List.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2,
        TlsVersion.TLS_1_3)) {
      Set<String> expected = openssl.suites(v);
      Set<String> probed = Set.copyOf(r.ciphers().getOrDefault(v, List.of()));
      assertEquals(expected, probed, where + " " + v + " suites");
      assertEquals(!expected.isEmpty(), r.protocols().contains(v), where + " " + v);
    }
    assertTrue(knownToOpenssl.containsAll(r.ciphers().values().stream().flatMap(List::stream)
        .toList()), where + ": a suite openssl could not have checked");
    // OpenSSL 3 has no SSLv2/SSLv3 to compare with; testssl does (see below): none here.
    assertFalse(r.protocols().contains(TlsVersion.SSL_2) || r.protocols().contains(
        TlsVersion.SSL_3), where);
    assertEquals(openssl.dhBits(), r.dhParams().stream().map(DhParams::bits)
        .collect(Collectors.toSet()), where + " DH sizes");
    Set<String> probedGroups = new HashSet<>(r.groups());
    probedGroups.retainAll(OpensslOracle.GROUPS.values());
    assertEquals(openssl.groups(), probedGroups, where + " groups (those openssl 3.0 knows)");
    // Neither OpenSSL 3 nor GnuTLS servers compress any more.
    assertFalse(r.compression(), where);

    assertTrue(r.certificate().chainVerified(), where + ": " + r.certificate());
    assertEquals(java.util.Map.of(h.name(), true), r.certificate().nameMatches());
    assertTrue(openssl.verifies(h.caCert(), h.name()), where + ": openssl's verdict");
  }

  /** The stock configurations as they are: what a client sees before TLS and the verdicts. */
  @ParameterizedTest(name = "{0} {1} port {2}")
  @MethodSource("endpoints")
  void plaintextPhaseAndVerdictsOfTheStockConfiguration(LabFlavor flavor, String release,
      int port) {
    LabHost h = Lab.shared(flavor, release);
    ProbeReport r = probe(h, port);
    PlaintextPhase p = r.plaintext();
    boolean cyrus = flavor == LabFlavor.EXIM_CYRUS && port != 25;
    if (port == 993 || port == 995) {
      assertEquals(null, p);
    } else {
      assertTrue(p.startTlsOffered());
      if (cyrus) {
        // Cyrus offers every SASL mechanism in clear and asks for the password ("+"); the
        // prober stops there, before Cyrus' 3 s failed-login pause. A raw client that does
        // send fake credentials sees them checked.
        assertTrue(p.authMechanisms().containsAll(List.of("PLAIN", "LOGIN")), p.toString());
        assertEquals(LoginOutcome.CHECKED, p.plaintextLogin(), p.loginReply());
        assertTrue(fakeLoginIsChecked(h, port), "a raw client's fake login was not checked");
      } else {
        assertEquals(List.of(), p.authMechanisms());
        assertFalse(p.plaintextLoginAdvertised());
        assertEquals(LoginOutcome.REFUSED, p.plaintextLogin(), p.loginReply());
      }
      String refusal = switch (port) {
        case 25 -> flavor == LabFlavor.POSTFIX_DOVECOT ? "503 5.5.1 Error: authentication not"
            : "503 AUTH command used when not advertised";
        case 143 -> cyrus ? "l1 AUTHENTICATE PLAIN: +" : "l1 NO [PRIVACYREQUIRED]";
        default -> cyrus ? "AUTH PLAIN: +" : "-ERR [AUTH]";
      };
      assertTrue(p.loginReply().startsWith(refusal), p.loginReply());
    }
    // bettercrypto wants the server to pick the suite; stock Dovecot, Cyrus and Exim leave it
    // to the client. modern (Mozilla intermediate) does not ask for server preference, and
    // its TLS 1.0/1.1 refusal changes nothing: no stock mailbox port accepts them.
    Set<String> stockFailures = port == 25 ? Set.of()
        : cyrus ? Set.of("tls mandatory", "auth before tls", "plaintext login")
        : Set.of();
    Set<String> bettercrypto = new HashSet<>(stockFailures);
    if (port != 25) {
      bettercrypto.add("server preference");
    }
    assertEquals(bettercrypto, failedChecks(r, "bettercrypto"), h.name() + ":" + port
        + " bettercrypto");
    assertEquals(stockFailures, failedChecks(r, "modern"), h.name() + ":" + port + " modern");
  }

  /**
   * apply's check after a change ({@link PolicyProbe}) reaches the survey's verdict on the
   * stock endpoints, where bettercrypto fails server preference on every mailbox and
   * submission port.
   */
  @ParameterizedTest(name = "{0} {1} port {2}")
  @MethodSource("endpoints")
  void thePolicyProbeJudgesTheStockConfigurationLikeTheSurvey(LabFlavor flavor,
      String release, int port) {
    LabHost h = Lab.shared(flavor, release);
    policyProbeAgreesWithSurvey(h, port, probe(h, port), h.name() + ":" + port);
  }

  /**
   * Same TLS-only verdict per profile, from fewer connections: at most one per version and
   * bundle (16) where a survey enumerates every suite and group.
   */
  static void policyProbeAgreesWithSurvey(LabHost h, int port, ProbeReport survey,
      String where) {
    for (String name : List.of("bettercrypto", "modern")) {
      PortPolicy policy = PortPolicy.of(profile(name), port).tlsOnly();
      ProbeReport quick = PolicyProbe.probe(survey.endpoint(),
          ProbeOptions.defaults().withCaFile(h.caCert()), policy);
      assertEquals(verdicts(policy.judge(survey)), verdicts(policy.judge(quick)),
          where + " " + name + ": survey " + survey + "\npolicy probe " + quick);
      assertTrue(quick.connections() <= 16 && quick.connections() < survey.connections(),
          where + " " + name + ": " + quick.connections() + " connections vs the survey's "
          + survey.connections());
    }
  }

  private static java.util.Map<String, Boolean> verdicts(List<Finding> findings) {
    return findings.stream().collect(Collectors.toMap(Finding::check, Finding::passed));
  }

  /** A raw client's cleartext login with fake credentials, from a non-loopback address. */
  private static boolean fakeLoginIsChecked(LabHost h, int port) {
    try (LineClient c = new LineClient(h.address(), port, Lab.nonLoopbackSource())) {
      c.line();
      if (port == 143) {
        List<String> login = c.imap("a1", "LOGIN nobody wrong-password");
        return login.get(login.size() - 1).startsWith("a1 NO Login failed");
      }
      c.send("USER nobody");
      if (!c.line().startsWith("+OK")) {
        return false;
      }
      c.send("PASS wrong-password");
      return c.line().startsWith("-ERR [AUTH] Invalid login");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Set<String> failedChecks(ProbeReport r, String profile) {
    return PortPolicy.of(profile(profile), r.endpoint().port()).judge(r).stream()
        .filter(f -> !f.passed()).map(Finding::check).collect(Collectors.toSet());
  }

  /** A profile as apply and probe read it: the repository's playbooks/profiles data. */
  static Profile profile(String name) {
    try {
      return Profile.load(Lab.repo().resolve("playbooks/profiles/" + name + ".yml"));
    } catch (dev.mailharden.core.BadInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** testssl is slow (about 30 s for -p -e): one endpoint, compared in full. */
  @Test
  void versionsAndSuitesEqualTestsslOnPostfixSmtp() throws Exception {
    LabHost h = Lab.shared(LabFlavor.POSTFIX_DOVECOT, "trixie");
    ProbeReport r = probe(h, 25);
    Path json = tmp.resolve("testssl.json");
    Process p = new ProcessBuilder("testssl", "--nodns", "none", "--quiet", "--warnings", "off",
        "--color", "0", "--jsonfile", json.toString(), "-p", "-e", "--starttls", "smtp",
        h.address() + ":25").redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile())
        .start();
    p.waitFor();
    assertTrue(Files.size(json) > 0, "testssl wrote no JSON: " + Files.readString(
        tmp.resolve("out")));
    Set<String> offered = new HashSet<>();
    Set<String> suites = new HashSet<>();
    for (JsonNode e : new ObjectMapper().readTree(json.toFile())) {
      String id = e.get("id").asText();
      String finding = e.get("finding").asText();
      if (id.matches("SSLv2|SSLv3|TLS1(_[123])?") && finding.startsWith("offered")) {
        offered.add(id);
      }
      if (id.startsWith("cipher_x")) {
        suites.add(finding.substring(finding.lastIndexOf(' ') + 1));
      }
    }
    assertEquals(Set.of("TLS1", "TLS1_1", "TLS1_2", "TLS1_3"), offered, "testssl's versions");
    assertEquals(List.of(TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2,
        TlsVersion.TLS_1_3), r.protocols());
    assertEquals(suites, r.ciphers().values().stream().flatMap(List::stream)
        .collect(Collectors.toSet()));
  }


  @Test
  void cliProbesEveryOpenMailPortOfAnInventoryHostAndExitsByTheVerdicts() throws Exception {
    LabHost h = Lab.shared(LabFlavor.POSTFIX_DOVECOT, "trixie");
    Path inv = tmp.resolve("inventory.yml");
    Files.writeString(inv, "all:\n  hosts:\n    " + h.name() + ":\n      ansible_host: "
        + h.address() + "\n");
    Cli.Run r = Cli.run("probe", "-i", inv.toString(), "--ca-file", h.caCert().toString(),
        "--json");
    assertEquals(1, r.exit(), "stock Dovecot leaves the suite choice to the client: " + r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals("bettercrypto", report.get("profile").asText());
    assertFalse(report.get("passed").asBoolean());
    List<Integer> ports = new java.util.ArrayList<>();
    for (JsonNode e : report.get("reports")) {
      ports.add(e.get("endpoint").get("port").asInt());
      assertEquals(h.name(), e.get("endpoint").get("serverName").asText());
      assertTrue(e.get("certificate").get("nameMatches").get(h.name()).asBoolean());
      assertEquals(e.get("endpoint").get("port").asInt() != 25, e.get("findings").findValues(
          "passed").stream().anyMatch(v -> !v.asBoolean()), e.get("findings").toString());
    }
    assertEquals(List.of(25, 143, 993, 110, 995), ports);

    Cli.Run smtp = Cli.run("probe", h.address() + ":25", "--mx", h.name(), "--ca-file",
        h.caCert().toString());
    assertEquals(0, smtp.exit(), smtp.out() + smtp.err());
    assertTrue(smtp.out().contains("-- bettercrypto: PASS"), smtp.out());
    assertTrue(smtp.out().contains("TLSv1.3 suites 3: TLS_AES_256_GCM_SHA384"), smtp.out());

    // --profile is read from playbooks/profiles like apply's: modern asks no server preference.
    Cli.Run modern = Cli.run("probe", h.address() + ":993", "--profile", "modern", "--ptr",
        h.name(), "--ca-file", h.caCert().toString());
    assertEquals(0, modern.exit(), modern.out() + modern.err());
    assertTrue(modern.out().contains("-- modern: PASS"), modern.out());
    Cli.Run unknown = Cli.run("probe", h.address() + ":993", "--profile", "strictest");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("--profile: unknown profile 'strictest': no "),
        unknown.err());

    Cli.Run bad = Cli.run("probe", h.address() + ":2525");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("say --starttls"), bad.err());
  }
}
