package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser reads what {@link ClientHelloEncoder} writes, and not one byte more. */
class ClientHelloParserTest {

  private static final List<Integer> SUITES = List.of(0x1301, 0xC02F, 0x002F);
  private static final byte[] RANDOM = new byte[32];

  private static byte[] hello(TlsVersion v) {
    return ClientHelloEncoder.tls(v, SUITES, List.of(NamedGroup.X25519), "mx.example.test",
        RANDOM, v == TlsVersion.TLS_1_3 ? new byte[32] : null);
  }

  @Test
  void tls13HelloListsItsVersionsFromSupportedVersions() throws Exception {
    byte[] wire = hello(TlsVersion.TLS_1_3);
    ClientHello h = ClientHelloParser.read(new ByteArrayInputStream(wire));
    assertEquals(List.of(TlsVersion.TLS_1_3), h.versions());
    assertTrue(h.lowestKnown());
    assertEquals(SUITES, h.suites());
    assertArrayEquals(wire, h.raw());
  }

  @Test
  void aHelloWithoutSupportedVersionsShowsOnlyItsHighestVersion() throws Exception {
    for (TlsVersion v : List.of(TlsVersion.SSL_3, TlsVersion.TLS_1_0, TlsVersion.TLS_1_2)) {
      ClientHello h = ClientHelloParser.read(new ByteArrayInputStream(hello(v)));
      assertEquals(List.of(v), h.versions(), v.label());
      assertFalse(h.lowestKnown());
      assertTrue(h.versionLabels().contains("lower versions"), h.versionLabels());
    }
  }

  @Test
  void aHelloSplitAcrossRecordsIsJoinedAndTheBytesAfterItAreLeft() throws Exception {
    byte[] one = hello(TlsVersion.TLS_1_3);
    byte[] body = Arrays.copyOfRange(one, 5, one.length);
    int cut = 20;
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(new byte[] {22, 3, 1, 0, (byte) cut});
    wire.write(body, 0, cut);
    wire.write(new byte[] {22, 3, 1, (byte) ((body.length - cut) >> 8),
        (byte) (body.length - cut)});
    wire.write(body, cut, body.length - cut);
    int helloLength = wire.size();
    wire.write("after".getBytes());
    ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
    ClientHello h = ClientHelloParser.read(in);
    assertEquals(SUITES, h.suites());
    assertEquals(helloLength, h.raw().length);
    assertEquals("after", new String(in.readAllBytes()));
  }

  @Test
  void anSslv2HelloCountsAsOfferingSslv2() throws Exception {
    ClientHello h = ClientHelloParser.read(new ByteArrayInputStream(
        ClientHelloEncoder.sslv2(List.of(0x010080, 0x0700C0), new byte[16])));
    assertEquals(List.of(TlsVersion.SSL_2), h.versions());
    assertEquals(List.of(0x010080, 0x0700C0), h.suites());
  }

  @Test
  void plaintextIsNotAHello() {
    assertThrows(ProtocolException.class, () -> ClientHelloParser.read(
        new ByteArrayInputStream("MAIL FROM:<>\r\n".getBytes())));
  }
}
