package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.oracle.LineClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Before tightening: real clients (openssl s_client pinned to TLS 1.0, 1.1, 1.2 and 1.3, and
 * plaintext clients) use 25, 587, 143 and 110 of a Postfix + Dovecot lab host; `tls-usage`
 * counts each session exactly from the host's own logs, and `apply --check` with modern names
 * the TLS 1.0/1.1 and plaintext clients of 587, 143 and 110 as refused, and nobody on 25.
 */
@Tag("lab")
class TlsUsageLabTest {

  /**
   * The host as an older installation left it, with TLS logging on as the profiles set it:
   * submission enabled (commented out in Debian's master.cf); in 10-ssl.conf, where the
   * module edits them, Dovecot accepting TLS 1.0 at OpenSSL 3's security level 0 (Dovecot
   * >= 2.3 refuses below TLS 1.2 by default, and OpenSSL 3 refuses TLS 1.0/1.1 at level 1+);
   * Postfix's smtpd_tls_loglevel and Dovecot's login_log_format_elements as the modules
   * write them; and the logs in files: lab containers run no syslog daemon, so Postfix
   * writes its own maillog_file and Dovecot its log_path.
   */
  static String olderHostWithTlsLogging(String release) throws Exception {
    return "postconf -e maillog_file=/var/log/mail.log smtpd_tls_loglevel=1"
        + " && postconf -Me submission/inet='submission inet n - y - - smtpd'"
        + " && postconf -P submission/inet/syslog_name=postfix/submission"
        + " && postfix reload"
        + " && printf '%s\\n' 'ssl_min_protocol = TLSv1' 'ssl_cipher_list = DEFAULT:@SECLEVEL=0'"
        + " >> /etc/dovecot/conf.d/10-ssl.conf"
        + " && printf '%s\\n' 'log_path = /var/log/dovecot.log' 'login_log_format_elements = "
        + profileLoginFormat(release.equals("bookworm") ? "<2.4" : ">=2.4") + "'"
        + " >> /etc/dovecot/conf.d/10-logging.conf && doveconf -n >/dev/null"
        + " && doveadm reload";
  }

  /** The login_log_format_elements the Dovecot module writes for a version range. */
  @SuppressWarnings("unchecked")
  static String profileLoginFormat(String versions) throws Exception {
    Map<String, Object> data = new org.yaml.snakeyaml.Yaml().load(Files.readString(Lab.repo()
        .resolve("modules/dovecot/src/main/resources/mailharden/dovecot/settings.yaml")));
    return ((List<Map<String, Object>>) data.get("settings")).stream()
        .filter(s -> "login_log_format_elements".equals(s.get("name"))
            && versions.equals(s.get("versions")))
        .map(s -> (String) s.get("value")).findFirst().orElseThrow();
  }

  static final Map<Integer, String> STARTTLS = Map.of(25, "smtp", 587, "smtp", 143, "imap",
      110, "pop3");
  static final Map<String, String> FLAGS = Map.of("TLSv1", "-tls1", "TLSv1.1", "-tls1_1",
      "TLSv1.2", "-tls1_2", "TLSv1.3", "-tls1_3");

  @TempDir Path tmp;

  /** The version openssl s_client pinned to {@code version} negotiated, or "" if refused. */
  static String negotiated(LabHost h, int port, String version) {
    String out = Lab.run(List.of("sh", "-c", "openssl s_client -connect " + h.address() + ":"
        + port + " -starttls " + STARTTLS.get(port) + " " + FLAGS.get(version)
        + " -cipher DEFAULT@SECLEVEL=0 </dev/null 2>&1 || true"));
    // The session block's "Protocol  : TLSv1.1"; TLS 1.3 prints no session block before EOF,
    // only "New, TLSv1.3, Cipher is ..." (for older versions that line names the version
    // the suite came with, not the one negotiated).
    // A refused handshake still prints the block, with "New, (NONE), Cipher is (NONE)".
    if (out.contains("Cipher is (NONE)")) {
      return "";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^\\s*Protocol\\s*:\\s*(TLSv[\\d.]+)$").matcher(out);
    return m.find() ? m.group(1) : out.contains("New, TLSv1.3, Cipher is ") ? "TLSv1.3" : "";
  }

  /** tls-usage --json for the host, as "port address protocol" to sessions. */
  static Map<String, Long> usage(Path inv, String kh, LabHost h) throws Exception {
    Cli.Run usage = Cli.run("tls-usage", "-i", inv.toString(), "--json",
        "--known-hosts", kh, "--accept-new-host-keys");
    assertEquals(0, usage.exit(), usage.out() + usage.err());
    return tally(new ObjectMapper().readTree(usage.out()).path("hosts").path(h.name())
        .path("clients"));
  }

  /**
   * Polls tls-usage until its tallies for the keys of {@code expected} equal it (Dovecot logs
   * a session as it ends), and returns those tallies.
   */
  static Map<String, Long> awaitUsage(Path inv, String kh, LabHost h,
      Map<String, Long> expected) throws Exception {
    Map<String, Long> seen = Map.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      seen = new TreeMap<>(usage(inv, kh, h));
      seen.keySet().retainAll(expected.keySet());
    }
    return seen;
  }

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void countsRealClientsAndNamesThoseModernWouldRefuse(String release) throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, release);
    Lab.exec(h, olderHostWithTlsLogging(release));
    Lab.awaitPort(h, 587, Duration.ofSeconds(30));

    Map<String, Long> expected = new TreeMap<>();
    for (int port : List.of(25, 587, 143, 110)) {
      for (String version : FLAGS.keySet()) {
        assertEquals(version, negotiated(h, port, version), port + " " + version);
        expected.put(port + " " + h.address() + " " + version, 1L);
      }
    }
    // Plaintext: SMTP sessions on 25 and 587; IMAP and POP3 logins from a non-loopback
    // source (Dovecot trusts loopback as secured), which Dovecot refuses in the clear.
    for (int port : List.of(25, 587)) {
      try (LineClient c = new LineClient(h.address(), port)) {
        c.smtp();
        c.smtp("EHLO plain-client.example.test");
        c.smtp("QUIT");
      }
      expected.put(port + " " + h.address() + " none", 1L);
    }
    String far = Lab.nonLoopbackSource().getHostAddress();
    try (LineClient c = new LineClient(h.address(), 143, Lab.nonLoopbackSource())) {
      c.line();
      c.imap("a", "LOGIN bob secret");
      c.imap("b", "LOGOUT");
    }
    try (LineClient c = new LineClient(h.address(), 110, Lab.nonLoopbackSource())) {
      c.line();
      c.send("USER bob");
      c.line();
      c.send("QUIT");
      c.line();
    }
    expected.put("143 " + far + " none (login)", 1L);
    expected.put("110 " + far + " none (login)", 1L);

    Path inv = LabInventory.write(tmp.resolve("inventory.yml"), List.of(h));
    String kh = tmp.resolve("known_hosts").toString();
    assertEquals(expected, awaitUsage(inv, kh, h, expected));
    assertEquals(expected, usage(inv, kh, h), "sessions nobody made");

    Path report = tmp.resolve("check.json");
    Cli.Run check = Cli.run("apply", "-i", inv.toString(),
        Lab.repo().resolve("playbooks/modern.yml").toString(), "--check", "--json",
        report.toString(), "--known-hosts", kh);
    assertEquals(0, check.exit(), check.out() + check.err());
    Map<String, Long> refused = tally(new ObjectMapper().readTree(Files.readString(report,
        StandardCharsets.UTF_8)).path("hosts").get(0).path("usage").path("refused"));
    Map<String, Long> expectedRefused = new TreeMap<>();
    expected.forEach((k, v) -> {
      boolean legacy = k.endsWith(" TLSv1") || k.endsWith(" TLSv1.1") || k.contains(" none");
      if (!k.startsWith("25 ") && legacy) {
        expectedRefused.put(k, v);
      }
    });
    assertEquals(expectedRefused, refused);
    assertTrue(check.out().contains(h.name() + ": modern would refuse " + expectedRefused.size()
        + " clients"), check.out());

    // The prediction, checked: after a real apply of modern the same clients are refused
    // where it said so and still served on 25, and the new sessions are counted on the
    // right ports from the logging the profile keeps on.
    Cli.Run apply = Cli.run("apply", "-i", inv.toString(),
        Lab.repo().resolve("playbooks/modern.yml").toString(), "--known-hosts", kh);
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    // apply's own after-change probes are sessions too (TLS 1.3, a cleartext login from
    // 127.0.0.1): only the test clients' own (port, version) pairs are compared.
    Map<String, Long> clientsAfter = new TreeMap<>();
    for (int port : List.of(25, 587, 143, 110)) {
      for (String version : List.of("TLSv1", "TLSv1.1", "TLSv1.2")) {
        boolean refusedNow = !version.equals("TLSv1.2") && port != 25;
        assertEquals(refusedNow ? "" : version, negotiated(h, port, version),
            port + " " + version + " after apply");
        String key = port + " " + h.address() + " " + version;
        clientsAfter.put(key, expected.get(key) + (refusedNow ? 0 : 1));
      }
    }
    assertEquals(clientsAfter, awaitUsage(inv, kh, h, clientsAfter));
  }

  /** "port address protocol" (or "none", "none (login)") to sessions. */
  static Map<String, Long> tally(JsonNode clients) {
    Map<String, Long> t = new TreeMap<>();
    for (JsonNode c : clients) {
      String how = c.path("tls").asBoolean() ? c.path("protocol").asText()
          : c.path("auth_without_tls").asBoolean() ? "none (login)" : "none";
      t.merge(c.path("port").asInt() + " " + c.path("address").asText() + " " + how,
          c.path("sessions").asLong(), Long::sum);
    }
    return t;
  }
}
