package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.core.names.Dnsmasq;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The name checks on real lab hosts, with a zone served by dnsmasq on loopback that gives
 * the host its MX, A and PTR records: before, the admin's HELO name is an internal one, not
 * the PTR name, and no client certificate is sent; apply sets both from the inventory; then
 * the products' own tools show them, and the checks find every name consistent. Every DNS
 * query goes to dnsmasq on 127.0.3.55 only.
 */
@Tag("lab")
class NameChecksLabTest {

  static final String RESOLVER = "127.0.3.55";
  static final String INTERNAL = "mail.internal.lan";

  @TempDir Path tmp;

  static Map<String, JsonNode> byCheck(JsonNode findings) {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    findings.forEach(f -> out.put(f.get("check").asText(), f));
    return out;
  }

  /** Both MTAs on both lab releases (Postfix 3.10/3.7, Exim 4.98/4.96). */
  static Stream<Arguments> mtas() {
    return Stream.of(LabFlavor.POSTFIX_DOVECOT, LabFlavor.EXIM_CYRUS).flatMap(f ->
        Stream.of("trixie", "bookworm").map(r -> Arguments.of(f, r)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("mtas")
  void heloAndClientCertificateAppliedThenFoundConsistent(LabFlavor flavor, String release)
      throws Exception {
    LabHost h = Lab.start(flavor, release);
    String cert = h.certPath();
    String key = h.keyPath();
    String mta = flavor == LabFlavor.POSTFIX_DOVECOT ? "postfix" : "exim";
    String domain = mta + ".mail.test";
    String reverse = h.address().replaceAll("^127\\.0\\.2\\.", "") + ".2.0.127.in-addr.arpa";
    // The admin's HELO is the internal name, a common slip the check must catch.
    if (mta.equals("postfix")) {
      Lab.exec(h, "postconf -e smtp_helo_name=" + INTERNAL);
    } else {
      // The Exim admin's usual setup (key group, Cyrus pid file on trixie), then the slip.
      ApplyEximCyrusLabTest.adminSetup(h);
      Lab.exec(h, "echo 'REMOTE_SMTP_HELO_DATA = " + INTERNAL
          + "' >> /etc/exim4/conf.d/main/000_localmacros");
    }
    List<String> vars = new ArrayList<>(List.of(
        "mailharden_tls_cert: " + cert, "mailharden_tls_key: " + key,
        "mailharden_public_address: " + h.address(),
        "mailharden_mail_domains: [" + domain + "]",
        "mailharden_dns_resolver: " + RESOLVER));
    Path inv = LabInventory.write(tmp.resolve("inventory.yml"), List.of(h),
        vars.toArray(String[]::new));
    String kh = tmp.resolve("known_hosts").toString();
    try (Dnsmasq dns = Dnsmasq.start(RESOLVER, List.of("mail.test", "lab.mailharden.test",
        "2.0.127.in-addr.arpa"), List.of(
            "--host-record=" + h.name() + "," + h.address(),
            "--mx-host=" + domain + "," + h.name() + ",10"))) {
      // Before: DNS and the server certificate are right, the sending identity is not.
      Path before = tmp.resolve("before.json");
      Cli.Run check = Cli.run("apply", "-i", inv.toString(), "--check", "--known-hosts", kh,
          "--accept-new-host-keys", "--json", before.toString());
      assertEquals(0, check.exit(), check.out() + check.err());
      Map<String, JsonNode> b = byCheck(new ObjectMapper().readTree(before.toFile())
          .get("hosts").get(0).get("names"));
      for (String ok : List.of("mx " + domain, "a " + h.name(), "ptr " + h.address(),
          "fcrdns " + h.address(), "server certificate names", "server certificate issuer",
          "server certificate expiry")) {
        assertTrue(b.get(ok).get("passed").asBoolean(), ok + ": " + b);
      }
      assertFalse(b.get(mta + " helo name").get("passed").asBoolean(), b.toString());
      assertTrue(b.get(mta + " helo name").get("reason").asText().startsWith(INTERNAL + " ("),
          b.toString());
      assertFalse(b.get(mta + " client certificate").get("passed").asBoolean(), b.toString());
      assertTrue(check.out().contains("FAIL  " + mta + " helo name: "), check.out());

      // Apply the HELO name and client certificate the inventory gives.
      vars.addAll(List.of("mailharden_helo_name: " + h.name(),
          "mailharden_client_cert: " + cert, "mailharden_client_key: " + key));
      LabInventory.write(inv, List.of(h), vars.toArray(String[]::new));
      Cli.Run apply = Cli.run("apply", "-i", inv.toString(), "--known-hosts", kh);
      assertEquals(0, apply.exit(), apply.out() + apply.err());
      assertTrue(apply.out().contains(h.name() + ": changed"), apply.out());

      // The product itself now sends that name and offers that certificate.
      if (mta.equals("postfix")) {
        assertEquals(h.name() + "\n" + cert + "\n" + key + "\n", Lab.exec(h,
            "postconf -h smtp_helo_name smtp_tls_cert_file smtp_tls_key_file"));
      } else {
        String transport = Lab.exec(h, "exim4 -bP transport remote_smtp");
        assertTrue(transport.contains("helo_data = " + h.name()), transport);
        assertTrue(transport.contains("tls_certificate = " + cert), transport);
        assertTrue(transport.contains("tls_privatekey = " + key), transport);
      }

      // After: every name check passes, in check mode and in its JSON.
      Path after = tmp.resolve("after.json");
      Cli.Run again = Cli.run("apply", "-i", inv.toString(), "--check", "--known-hosts", kh,
          "--json", after.toString());
      assertEquals(0, again.exit(), again.out() + again.err());
      assertTrue(again.out().contains("-- names: PASS"), again.out());
      JsonNode names = new ObjectMapper().readTree(after.toFile()).get("hosts").get(0)
          .get("names");
      Map<String, JsonNode> a = byCheck(names);
      assertEquals(h.name() + " (" + (mta.equals("postfix") ? "smtp_helo_name"
          : "REMOTE_SMTP_HELO_DATA") + ") is the PTR name",
          a.get(mta + " helo name").get("reason").asText());
      for (String c : List.of("names", "issuer", "expiry")) {
        assertTrue(a.get(mta + " client certificate " + c).get("passed").asBoolean(),
            a.toString());
      }
      names.forEach(f -> assertTrue(f.get("passed").asBoolean(), f.toString()));

      // probe -i: the DNS checks and the certificate port 25 shows, from outside.
      Cli.Run probe = Cli.run("probe", "-i", inv.toString(), "--ca-file",
          h.caCert().toString(), "--json");
      JsonNode probed = new ObjectMapper().readTree(probe.out()).get("names").get(0);
      assertEquals(h.name(), probed.get("host").asText());
      assertEquals("resolver " + RESOLVER + ":53", probed.get("resolver").asText());
      Map<String, JsonNode> p = byCheck(probed.get("findings"));
      assertTrue(p.get("server certificate names").get("reason").asText()
          .startsWith("certificate on port 25 names " + h.name()), p.toString());
      probed.get("findings").forEach(f -> assertTrue(f.get("passed").asBoolean(),
          f.toString()));

      // The checks asked dnsmasq: the PTR of the host's address among them.
      assertTrue(dns.log().contains("query[PTR] " + reverse), dns.log());
    }
  }
}
