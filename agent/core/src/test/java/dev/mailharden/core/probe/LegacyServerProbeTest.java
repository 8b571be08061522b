package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.plan.PlanInputs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checks that say "no" on every lab host must be able to say "yes": against a bad server. */
class LegacyServerProbeTest {

  @Test
  void sslv2Sslv3CompressionWeakDhAndWeakSuitesAreFoundAndJudged() throws Exception {
    ProbeReport r;
    try (LegacyTlsResponder server = new LegacyTlsResponder()) {
      r = MailTlsProber.probe(new Endpoint("127.0.0.1", server.port(), TlsStart.IMPLICIT),
          ProbeOptions.defaults());
    }
    assertEquals(List.of(TlsVersion.SSL_2, TlsVersion.SSL_3, TlsVersion.TLS_1_0,
        TlsVersion.TLS_1_1, TlsVersion.TLS_1_2), r.protocols(), "a TLS 1.3 hello got TLS 1.2");
    assertEquals(List.of("SSL_CK_RC4_128_WITH_MD5", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"),
        r.ciphers().get(TlsVersion.SSL_2));
    Set<String> expected = Set.of("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_RC4_128_MD5",
        "TLS_RSA_WITH_AES_128_CBC_SHA");
    for (TlsVersion v : List.of(TlsVersion.SSL_3, TlsVersion.TLS_1_0, TlsVersion.TLS_1_2)) {
      assertEquals(expected, Set.copyOf(r.ciphers().get(v)), v.label());
    }
    assertEquals(Map.of("TLS_DHE_RSA_WITH_AES_128_CBC_SHA (TLSv1.0)", "only without FFDHE groups offered",
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA (TLSv1.1)", "only without FFDHE groups offered",
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA (TLSv1.2)", "only without FFDHE groups offered"),
        r.groupDependentSuites(), "the DHE suite openssl s_client would never see");
    assertTrue(r.compression(), "DEFLATE chosen");
    assertEquals(List.of(new DhParams(1024, "custom")), r.dhParams());
    assertEquals(Boolean.TRUE, r.serverPreference());
    assertEquals(TlsVersion.TLS_1_2, r.preferenceTestedAt());
    assertEquals(List.of(), r.groups(), "no ECDHE anywhere");
    assertNull(r.certificate(), "no handshake completes, no Certificate message sent");
    assertTrue(r.errors().stream().anyMatch(e -> e.startsWith("certificate: full handshake")),
        r.errors().toString());

    Map<String, Boolean> verdicts = PortPolicy.of(PlanInputs.profile("bettercrypto"), 993).judge(r).stream()
        .collect(Collectors.toMap(Finding::check, Finding::passed));
    assertEquals(Map.of("probe", false, "tls", true, "tls mandatory", true,
        "protocol SSLv2", false, "protocol SSLv3", false, "ciphers", false, "dh", false,
        "compression", false, "server preference", true, "certificate", false), verdicts);
    Map<String, Boolean> modern = PortPolicy.of(PlanInputs.profile("modern"), 993).judge(r).stream()
        .collect(Collectors.toMap(Finding::check, Finding::passed));
    assertEquals(false, modern.get("protocol TLSv1.0"));
    assertEquals(false, modern.get("protocol TLSv1.1"));
    assertEquals(null, modern.get("server preference"), "modern leaves the choice to clients");
    assertEquals(Map.of("probe", false, "tls", true, "protocol SSLv2", false,
        "protocol SSLv3", false, "compression", false),
        PortPolicy.of(PlanInputs.profile("modern"), 25).judge(r).stream()
        .collect(Collectors.toMap(Finding::check, Finding::passed)),
        "port 25: opportunistic, any cipher, only SSLv2/SSLv3 and compression refused");
  }

  /**
   * The check after a change reaches the survey's verdict on every TLS-only policy, failing
   * ones included, with fewer connections. Only "probe" differs: the survey's full handshake
   * for the chain fails against this server, and the policy probe makes none.
   */
  @Test
  void thePolicyProbeJudgesLikeTheSurveyWithFewerConnections() throws Exception {
    try (LegacyTlsResponder server = new LegacyTlsResponder()) {
      Endpoint e = new Endpoint("127.0.0.1", server.port(), TlsStart.IMPLICIT);
      ProbeReport survey = MailTlsProber.probe(e, ProbeOptions.defaults());
      for (String profile : List.of("bettercrypto", "modern")) {
        for (int port : List.of(993, 25)) {
          PortPolicy policy = PortPolicy.of(PlanInputs.profile(profile), port).tlsOnly();
          ProbeReport quick = PolicyProbe.probe(e, ProbeOptions.defaults(), policy);
          String where = profile + " " + port;
          assertEquals(withoutProbe(policy.judge(survey)), withoutProbe(policy.judge(quick)),
              where);
          assertEquals(List.of(), quick.errors(), where);
          assertTrue(quick.connections() < survey.connections(),
              where + ": " + quick.connections() + " vs " + survey.connections());
        }
      }
      PortPolicy strict = PortPolicy.of(PlanInputs.profile("bettercrypto"), 993).tlsOnly();
      assertEquals(Set.of("protocol SSLv2", "protocol SSLv3", "ciphers", "dh", "compression"),
          strict.judge(PolicyProbe.probe(e, ProbeOptions.defaults(), strict)).stream()
              .filter(f -> !f.passed()).map(Finding::check).collect(Collectors.toSet()),
          "the failures a bad server must show");
    }
  }

  private static List<Finding> withoutProbe(List<Finding> findings) {
    return findings.stream().filter(f -> !f.check().equals("probe")).toList();
  }
}
