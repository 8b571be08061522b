package dev.mailharden.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.probe.Finding;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every name check against a real DNS server (dnsmasq on 127.0.3.53) with good and bad cases. */
class NameChecksTest {

  private static Dnsmasq dnsmasq;
  private static NameChecks checks;

  @BeforeAll
  static void zone() throws Exception {
    dnsmasq = Dnsmasq.start("127.0.3.53", List.of("test", "2.0.192.in-addr.arpa"), List.of(
        // Good: MX -> host with its own A record, whose PTR names it back.
        "--host-record=mx1.good.test,192.0.2.10",
        "--mx-host=good.test,mx1.good.test,10",
        // CNAME as MX target, and a host name that is only an alias.
        "--cname=mail.cname-mx.test,mx1.good.test",
        "--mx-host=cname-mx.test,mail.cname-mx.test,10",
        "--cname=www.good.test,mx1.good.test",
        // PTR that does not resolve back: 192.0.2.11 -> liar.test -> 192.0.2.99.
        "--host-record=mx2.good.test,192.0.2.11",
        "--ptr-record=11.2.0.192.in-addr.arpa,liar.test",
        "--host-record=liar.test,192.0.2.99",
        // An address with no PTR at all.
        "--address=/noptr.test/192.0.2.12",
        // An MX whose target has no address record.
        "--mx-host=dangling.test,nowhere.dangling.test,10"));
    checks = new NameChecks(DnsLookup.using(dnsmasq.address(), Duration.ofSeconds(2)),
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    dnsmasq.close();
  }

  private static NameTarget target(String host, String address, String... domains)
      throws Exception {
    return new NameTarget(host, InetAddress.getByName(address), List.of(domains),
        dnsmasq.address());
  }

  private static Finding find(List<Finding> all, String check) {
    return all.stream().filter(f -> f.check().equals(check)).findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + check + " in " + all));
  }

  @Test
  void goodHostPassesEveryDnsCheck() throws Exception {
    NameChecks.Dns d = checks.dns(target("mx1.good.test", "192.0.2.10", "good.test"));
    assertEquals(4, d.findings().size(), d.findings().toString());
    assertTrue(d.findings().stream().allMatch(Finding::passed), d.findings().toString());
    assertEquals(List.of("mx1.good.test"), d.mxNames());
    assertEquals(List.of("mx1.good.test"), d.ptrNames());
    assertTrue(dnsmasq.log().contains("query[MX] good.test"), dnsmasq.log());
  }

  /** MX and host-name records that break the seed's rules, each with the reason given. */
  @ParameterizedTest(name = "{3}")
  @CsvSource(delimiter = '|', value = {
      "mx1.good.test | 192.0.2.10 | cname-mx.test | mx cname-mx.test"
          + " | MX target mail.cname-mx.test is a CNAME to mx1.good.test",
      "mx1.good.test | 192.0.2.10 | nomx.test     | mx nomx.test | no MX record",
      "mx2.good.test | 192.0.2.11 | good.test     | mx good.test"
          + " | no MX target (mx1.good.test) points at 192.0.2.11",
      "mx1.good.test | 192.0.2.10 | dangling.test | mx dangling.test"
          + " | MX target nowhere.dangling.test has no A/AAAA record",
      "mx1.good.test | 192.0.2.11 |               | a mx1.good.test"
          + " | mx1.good.test resolves to 192.0.2.10, not 192.0.2.11",
      "www.good.test | 192.0.2.10 |               | a www.good.test"
          + " | www.good.test is a CNAME to mx1.good.test",
  })
  void badRecordFails(String host, String address, String domain, String check,
      String reason) throws Exception {
    NameTarget t = domain == null ? target(host, address) : target(host, address, domain);
    Finding f = find(checks.dns(t).findings(), check);
    assertFalse(f.passed(), f.reason());
    assertTrue(f.reason().startsWith(reason), f.reason());
  }

  @Test
  void ptrThatDoesNotResolveBackFails() throws Exception {
    NameChecks.Dns d = checks.dns(target("mx2.good.test", "192.0.2.11"));
    assertTrue(find(d.findings(), "a mx2.good.test").passed());
    Finding ptr = find(d.findings(), "ptr 192.0.2.11");
    assertTrue(ptr.passed(), ptr.reason());
    Finding fcrdns = find(d.findings(), "fcrdns 192.0.2.11");
    assertFalse(fcrdns.passed());
    assertTrue(fcrdns.reason().contains("liar.test resolves to 192.0.2.99"), fcrdns.reason());
    assertEquals(List.of(), d.ptrNames());
  }

  @Test
  void missingPtrFails() throws Exception {
    NameChecks.Dns d = checks.dns(target("noptr.test", "192.0.2.12"));
    assertTrue(find(d.findings(), "a noptr.test").passed());
    Finding ptr = find(d.findings(), "ptr 192.0.2.12");
    assertFalse(ptr.passed());
    assertTrue(ptr.reason().startsWith("no PTR record"), ptr.reason());
    assertFalse(find(d.findings(), "fcrdns 192.0.2.12").passed());
  }

  @Test
  void heloMustBeThePtrName() throws Exception {
    NameChecks.Dns d = checks.dns(target("mx1.good.test", "192.0.2.10", "good.test"));
    Finding same = find(checks.sender(d, new SenderIdentity("MX1.good.test.", "smtp_helo_name",
        Optional.empty()), Optional.empty(), "none"), "helo name");
    assertTrue(same.passed(), same.reason());
    Finding other = find(checks.sender(d, new SenderIdentity("lab-build.mailharden.test",
        "myhostname", Optional.empty()), Optional.empty(), "none"), "helo name");
    assertFalse(other.passed());
    assertTrue(other.reason().contains("is not the confirmed PTR name mx1.good.test"),
        other.reason());
  }

  @Test
  void missingClientCertificateFails() throws Exception {
    NameChecks.Dns d = checks.dns(target("mx1.good.test", "192.0.2.10", "good.test"));
    Finding c = find(checks.sender(d, new SenderIdentity("mx1.good.test", "smtp_helo_name",
        Optional.empty()), Optional.empty(), "smtp_tls_cert_file is not set"),
        "client certificate");
    assertFalse(c.passed());
    assertEquals("smtp_tls_cert_file is not set", c.reason());
  }

  @Test
  void certificatesAreJudgedOnNamesIssuerAndExpiry(@TempDir Path dir) throws Exception {
    NameChecks.Dns d = checks.dns(target("mx1.good.test", "192.0.2.10", "good.test"));
    CertificateNames good = CertificateNames.fromPem("/etc/ssl/mx1.pem",
        TestCertificates.caIssued(dir, "mx1.good.test", 365));
    List<Finding> server = checks.serverCertificate(d, good);
    assertEquals(3, server.size());
    assertTrue(server.stream().allMatch(Finding::passed), server.toString());
    List<Finding> client = checks.sender(d, new SenderIdentity("mx1.good.test",
        "smtp_helo_name", Optional.of("/etc/ssl/mx1.pem")), Optional.of(good), "");
    assertTrue(client.stream().allMatch(Finding::passed), client.toString());

    CertificateNames bad = CertificateNames.fromPem("/etc/ssl/snakeoil.pem",
        TestCertificates.selfSigned(dir, "other.test", 10));
    List<Finding> badServer = checks.serverCertificate(d, bad);
    Finding names = find(badServer, "server certificate names");
    assertFalse(names.passed());
    assertTrue(names.reason().contains("does not name mx1.good.test (its names: other.test)"),
        names.reason());
    assertFalse(find(badServer, "server certificate issuer").passed());
    Finding expiry = find(badServer, "server certificate expiry");
    assertFalse(expiry.passed());
    assertTrue(expiry.reason().contains("expires within 30 days"), expiry.reason());
  }

  @Test
  void unreachableResolverIsALookupFailureNotAnAbsence() throws Exception {
    // Nothing listens on 127.0.3.54:53: every lookup fails, and says so.
    NameChecks silent = new NameChecks(DnsLookup.using(
        new java.net.InetSocketAddress("127.0.3.54", 53), Duration.ofMillis(300)),
        Clock.systemUTC());
    Finding ptr = find(silent.dns(target("mx1.good.test", "192.0.2.10")).findings(),
        "ptr 192.0.2.10");
    assertFalse(ptr.passed());
    assertTrue(ptr.reason().contains("resolver 127.0.3.54:53"), ptr.reason());
  }

}
