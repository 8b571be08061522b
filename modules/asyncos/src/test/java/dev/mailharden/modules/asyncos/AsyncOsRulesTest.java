package dev.mailharden.modules.asyncos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.CliSession.Exchange;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.playbook.TlsProtocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The version rules in settings.yaml and the dialogue the module builds from them. */
class AsyncOsRulesTest {

  private final AsyncOsRules rules = new AsyncOsRules();

  /** Inbound: TLS 1.0 only where nothing higher exists; outbound: widest without SSL. */
  @ParameterizedTest
  @CsvSource({
      "8.5.6-074, tlsv1, tlsv1",
      "9.1.0-032, tlsv1, tlsv1",
      "9.5.0-201, tlsv1.2, tlsv1/tlsv1.1/tlsv1.2",
      "12.1.0-071, tlsv1.2, tlsv1/tlsv1.1/tlsv1.2",
      "15.5.0-048, tlsv1.2, tlsv1/tlsv1.1/tlsv1.2",
      "15.5.1-055, tlsv1.2/tlsv1.3, tlsv1/tlsv1.1/tlsv1.2/tlsv1.3"})
  void methodsByVersion(String version, String inbound, String outbound) throws Exception {
    AsyncOsRules.Menu menu = rules.menu(version);
    assertEquals(inbound, menu.widestFrom(rules.floor("inbound", version)).orElseThrow()
        .shows());
    assertEquals(outbound, menu.widestFrom(rules.floor("outbound", version)).orElseThrow()
        .shows());
  }

  @Test
  void tls12From95AndTls13From1551AndSslv2GoneFrom90() throws Exception {
    assertFalse(rules.menu("9.1.0").offers(TlsProtocol.TLSv1_2));
    assertTrue(rules.menu("9.5.0").offers(TlsProtocol.TLSv1_2));
    assertFalse(rules.menu("15.5.0").offers(TlsProtocol.TLSv1_3));
    assertTrue(rules.menu("15.5.1").offers(TlsProtocol.TLSv1_3));
    assertTrue(rules.menu("8.5.6").offers(TlsProtocol.SSLv2));
    assertFalse(rules.menu("9.0.0").offers(TlsProtocol.SSLv2));
  }

  @Test
  void theSeedTranscriptMenuNumbers() throws Exception {
    AsyncOsRules.Menu menu = rules.menu("8.5.6");
    assertEquals(3, menu.byToken("tlsv1").orElseThrow().number());
    assertEquals(5, menu.byToken("sslv3tlsv1").orElseThrow().number());
    assertEquals(6, menu.methods().size());
  }

  /** The dialogue for the seed's own change: inbound to TLS v1 with the seed's ciphers. */
  @Test
  void dialogueOfTheSeedChangeOn8x() {
    AsyncOsModule module = new AsyncOsModule();
    ProductFact fact = new ProductFact("asyncos", "8.5.6-074", Map.of());
    Map<String, String> from = SslConfig.settings(SslConfigTest.SEED_SCREEN);
    Map<String, String> to = new LinkedHashMap<>(from);
    to.put(SslConfig.INBOUND_METHOD, "tlsv1");
    to.put(SslConfig.INBOUND_CIPHERS, "EDH+CAMELLIA:EDH+aRSA");
    List<Exchange> d = module.change(fact, from, to);
    assertEquals(List.of("sslconfig", "INBOUND", "3", "EDH+CAMELLIA:EDH+aRSA", ""),
        d.stream().map(Exchange::answer).toList());
    assertTrue(d.get(1).expectNext().matcher("Enter the inbound SMTP ssl method you want to"
        + " use.\n1. SSL v2.\n[5]> ").find());
    assertTrue(d.get(2).expectNext().matcher("Enter the inbound SMTP ssl cipher you want to"
        + " use.\n[RC4-SHA:RC4-MD5:ALL]> ").find());
    assertTrue(d.get(4).expectNext().matcher("ironport.example.com> ").find());
    assertEquals(List.of(), module.change(fact, from, from));
  }

  @Test
  void commitAsksAboutRollbackOnlyFrom1551() {
    AsyncOsModule module = new AsyncOsModule();
    assertEquals(List.of("commit", "run 1"), module.commit(
        new ProductFact("asyncos", "12.1.0-071", Map.of()), "run 1").stream()
        .map(Exchange::answer).toList());
    assertEquals(List.of("commit", "run 1", "Y"), module.commit(
        new ProductFact("asyncos", "15.5.1-055", Map.of()), "run 1").stream()
        .map(Exchange::answer).toList());
  }

  @Test
  void claimsAnsibleNetworkOsNames() {
    AsyncOsModule module = new AsyncOsModule();
    assertTrue(module.claims("asyncos"));
    assertTrue(module.claims("cisco.asyncos.asyncos"));
    assertFalse(module.claims("ios"));
  }
}
