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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificates are the admin's, seen with an independent client (openssl s_client piped to
 * openssl x509 -fingerprint -sha256): the default playbook leaves every port serving the
 * certificate the products' configurations name (the lab CA's, at Let's Encrypt's path),
 * new listeners included; a play naming another certificate of the lab CA switches every
 * port to it; a play naming the self-signed snakeoil is undone byte for byte; {@code facts}
 * tells a certificate renewed on disk but not yet served.
 */
@Tag("lab")
class CertificateLabTest {

  /** The mail ports the default roles (mta, msa, mda) serve after hardening. */
  static final List<Integer> PORTS = List.of(25, 587, 143, 110, 993, 995);

  @TempDir Path tmp;

  static Stream<Arguments> hosts() {
    return Stream.of(LabFlavor.POSTFIX_DOVECOT, LabFlavor.EXIM_CYRUS).flatMap(f ->
        Stream.of("trixie", "bookworm").map(r -> Arguments.of(f, r)));
  }

  /** The leaf a port serves, as openssl prints its SHA-256 fingerprint; "" when none. */
  static String served(LabHost h, int port) {
    String starttls = switch (port) {
      case 25, 587 -> " -starttls smtp";
      case 143 -> " -starttls imap";
      case 110 -> " -starttls pop3";
      default -> "";
    };
    return fingerprint(Lab.run(List.of("sh", "-c", "openssl s_client -connect " + h.address()
        + ":" + port + starttls + " -servername " + h.name() + " -showcerts </dev/null"
        + " 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null; true")));
  }

  /** The fingerprint of a certificate file on the host. */
  static String onHost(LabHost h, String file) {
    return fingerprint(Lab.exec(h, "openssl x509 -in " + file
        + " -noout -fingerprint -sha256"));
  }

  private static String fingerprint(String opensslOutput) {
    return opensslOutput.strip().replaceFirst("^(?i)sha256 Fingerprint=", "");
  }

  static Map<Integer, String> servedByPort(LabHost h) {
    Map<Integer, String> out = new LinkedHashMap<>();
    PORTS.forEach(p -> out.put(p, served(h, p)));
    return out;
  }

  private Cli.Run apply(LabHost h, Path json, String... hostVars) throws Exception {
    Path inv = LabInventory.write(tmp.resolve("inventory.yml"), List.of(h), hostVars);
    return Cli.run("apply", "-i", inv.toString(), "--known-hosts",
        tmp.resolve("known_hosts").toString(), "--accept-new-host-keys", "--json",
        json.toString());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hosts")
  void defaultPlaybookKeepsEveryServedCertificate(LabFlavor flavor, String release)
      throws Exception {
    LabHost h = Lab.start(flavor, release);
    if (flavor == LabFlavor.EXIM_CYRUS) {
      ApplyEximCyrusLabTest.adminSetup(h);
    }
    String lab = onHost(h, h.certPath());
    String snakeoil = onHost(h, "/etc/ssl/certs/ssl-cert-snakeoil.pem");
    assertFalse(lab.equals(snakeoil), "the lab certificate is snakeoil: " + lab);
    Map<Integer, String> before = servedByPort(h);
    // Stock listeners serve the lab certificate; the ones the profile adds do not answer yet.
    before.forEach((port, fp) -> assertTrue(fp.isEmpty() || fp.equals(lab),
        h.name() + ":" + port + " served " + fp + " before, not the lab's " + lab));
    assertEquals(lab, before.get(25), "port 25 before");

    Path json = tmp.resolve("apply.json");
    Cli.Run r = apply(h, json);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains(h.name() + ": changed"), r.out());

    Map<Integer, String> after = servedByPort(h);
    System.out.println(h.name() + " lab certificate " + lab + "; served before " + before
        + "; after " + after);
    for (int port : PORTS) {
      assertEquals(lab, after.get(port), h.name() + ":" + port
          + " does not serve the certificate its configuration names (snakeoil: " + snakeoil
          + ")");
    }
  }

  /**
   * On one host: a configuration naming a certificate that is gone fails at plan time and
   * nothing changes; a self-signed certificate (Debian's snakeoil, named for another host) is
   * served, refused by the check after the change and undone byte for byte; then a second
   * certificate of the lab CA for this host is switched to on every port.
   */
  @Test
  void namedCertificateMustChainAndNameTheHost() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String files = "find /etc/postfix /etc/dovecot -type f -exec sha256sum {} + | sort";
    String lab = onHost(h, h.certPath());

    Lab.exec(h, "postconf -e smtpd_tls_cert_file=/etc/letsencrypt/live/gone/fullchain.pem");
    String broken = Lab.exec(h, files);
    Path unusable = tmp.resolve("unusable.json");
    Cli.Run r = apply(h, unusable);
    assertTrue(r.exit() != 0, r.out() + r.err());
    String message = new ObjectMapper().readTree(unusable.toFile()).get("hosts").get(0)
        .toString();
    assertTrue(message.contains("its server certificate /etc/letsencrypt/live/gone/fullchain.pem"
        + " is not on the host, and the play names none: set mailharden_tls_cert and"
        + " mailharden_tls_key"), message);
    assertEquals(broken, Lab.exec(h, files), "a host without a usable certificate changed");
    Lab.exec(h, "postconf -e smtpd_tls_cert_file=" + h.certPath());
    String before = Lab.exec(h, files);

    Path refused = tmp.resolve("refused.json");
    r = apply(h, refused, "mailharden_tls_cert: /etc/ssl/certs/ssl-cert-snakeoil.pem",
        "mailharden_tls_key: /etc/ssl/private/ssl-cert-snakeoil.key");
    JsonNode host = new ObjectMapper().readTree(refused.toFile()).get("hosts").get(0);
    assertEquals("rolled_back", host.get("status").asText(), r.out() + r.err());
    assertTrue(host.toString().contains("certificate verdict failed"), host.toString());
    assertTrue(host.toString().contains("does not chain to the host's trust store"),
        host.toString());
    assertEquals(before, Lab.exec(h, files), "a file differs after the rollback");
    servedByPort(h).forEach((port, fp) -> assertTrue(fp.isEmpty() || fp.equals(lab),
        h.name() + ":" + port + " serves " + fp + " after the rollback, not " + lab));

    // A second certificate of the lab CA for this host, where certbot would renew it to.
    Path state = tmp.resolve("second-ca");
    Files.createDirectories(state);
    Path labState = Lab.repo().resolve("tests/target/lab-state");
    for (String f : List.of("ca.crt", "ca.key", "id_ed25519", "id_ed25519.pub")) {
      Files.copy(labState.resolve(f), state.resolve(f));
    }
    Path issued = Path.of(Lab.run(List.of("bash", Lab.repo().resolve("tests/lab/issue-cert.sh")
        .toString(), state.toString(), h.name(), h.address())).strip());
    String dir = "/etc/letsencrypt/live/" + h.name() + "-2";
    Lab.exec(h, "mkdir -p " + dir + " && printf '%s' '" + Files.readString(issued
        .resolve("host.crt")) + "' > " + dir + "/fullchain.pem && printf '%s' '"
        + Files.readString(issued.resolve("host.key")) + "' > " + dir + "/privkey.pem"
        + " && chmod 0600 " + dir + "/privkey.pem");
    String second = onHost(h, dir + "/fullchain.pem");
    assertFalse(second.equals(lab), "the second certificate is the first");

    Path switched = tmp.resolve("switched.json");
    r = apply(h, switched, "mailharden_tls_cert: " + dir + "/fullchain.pem",
        "mailharden_tls_key: " + dir + "/privkey.pem");
    host = new ObjectMapper().readTree(switched.toFile()).get("hosts").get(0);
    assertEquals("changed", host.get("status").asText(), r.out() + r.err());
    Map<Integer, String> after = servedByPort(h);
    System.out.println(h.name() + " first " + lab + ", second " + second + ": served " + after);
    for (int port : PORTS) {
      assertEquals(second, after.get(port), h.name() + ":" + port + " after the switch");
    }

    // Renewed on disk (here: the first certificate back in the named file), never reloaded.
    Lab.exec(h, "cp " + h.certPath() + " " + dir + "/fullchain.pem");
    Cli.Run facts = Cli.run("facts", "-i", tmp.resolve("inventory.yml").toString(),
        "--known-hosts", tmp.resolve("known_hosts").toString());
    System.out.println(facts.out());
    assertEquals(0, facts.exit(), facts.out() + facts.err());
    for (int port : PORTS) {
      assertTrue(facts.out().contains(h.name() + ": certificate: port " + port + " serves "
          + second + ", which none of the files the configuration names holds (dovecot " + dir
          + "/fullchain.pem: " + lab + "; postfix " + dir + "/fullchain.pem: " + lab + ")"),
          port + ": " + facts.out());
    }
  }
}
