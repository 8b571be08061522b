package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies captured from the lab's Postfix 3.10 / Dovecot 2.4 (OpenSSL 3.5) on trixie. */
class ServerHelloParserTest {

  static byte[] captured(String name) throws IOException {
    try (InputStream in = ServerHelloParserTest.class.getResourceAsStream("/probe/" + name)) {
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .strip());
    }
  }

  @Test
  void dheReplyGivesVersionSuiteChainAndTheStandardPrime() throws IOException {
    ServerReply r = ServerHelloParser.read(new ByteArrayInputStream(
        captured("postfix-tls12-dhe-reply.hex")));
    assertDheReply(r);
  }

  private static void assertDheReply(ServerReply r) {
    assertEquals(TlsVersion.TLS_1_2, r.version());
    assertEquals(0x009F, r.suite());
    assertEquals(0, r.compression());
    assertFalse(r.helloRetry());
    assertEquals(1, r.certificates().size());
    assertEquals("CN=pd-trixie.bench.mailharden.test,O=mailharden lab",
        r.certificates().get(0).getSubjectX500Principal().getName());
    assertEquals(new DhParams(2048, "RFC3526-modp_2048"), r.dh());
    assertEquals(-1, r.group());
  }

  /** Postfix sends one message per record; these re-frame the same messages. */
  @Test
  void messagesSpanningRecordsAndSharingRecordsAndOneByteReadsParseTheSame() throws IOException {
    byte[] handshake = handshakeBytes(captured("postfix-tls12-dhe-reply.hex"));
    assertDheReply(ServerHelloParser.read(new ByteArrayInputStream(records(handshake, 16384))));
    assertDheReply(ServerHelloParser.read(new ByteArrayInputStream(records(handshake, 50))));
    assertDheReply(ServerHelloParser.read(oneByteAtATime(records(handshake, 7))));
  }

  @Test
  void ecdheReplyNamesTheCurve() throws IOException {
    ServerReply r = ServerHelloParser.read(new ByteArrayInputStream(
        captured("postfix-tls12-ecdhe-reply.hex")));
    assertEquals(0xC030, r.suite());
    assertEquals(NamedGroup.SECP384R1.code(), r.group());
    assertNull(r.dh());
  }

  @Test
  void helloRetryRequestIsTls13WithTheGroupTheServerWants() throws IOException {
    ServerReply r = ServerHelloParser.read(new ByteArrayInputStream(
        captured("postfix-tls13-hrr-reply.hex")));
    assertTrue(r.helloRetry());
    assertEquals(TlsVersion.TLS_1_3, r.version());
    assertEquals(0x1302, r.suite());
    assertEquals(NamedGroup.SECP384R1.code(), r.group());
  }

  /** Dovecot 2.4.1 on OpenSSL 3.5 (trixie lab) to `openssl s_client -groups X25519MLKEM768`. */
  @Test
  void hybridServerHelloCarriesTheCiphertextAndX25519Share() throws IOException {
    ServerReply r = ServerHelloParser.read(new ByteArrayInputStream(
        captured("dovecot-tls13-x25519mlkem768-reply.hex")));
    assertEquals(TlsVersion.TLS_1_3, r.version());
    assertFalse(r.helloRetry());
    assertEquals(NamedGroup.X25519_MLKEM768.code(), r.group());
    assertEquals(NamedGroup.X25519_MLKEM768.serverShareLength(), r.keyShareLength());
    assertEquals(1120, r.keyShareLength());
  }

  @Test
  void helloRetryRequestHasNoShareLength() throws IOException {
    ServerReply r = ServerHelloParser.read(new ByteArrayInputStream(
        captured("postfix-tls13-hrr-reply.hex")));
    assertTrue(r.helloRetry());
    assertEquals(-1, r.keyShareLength());
  }

  @Test
  void alertAndCloseAreRefusals() throws IOException {
    ServerReply alert = ServerHelloParser.read(new ByteArrayInputStream(
        captured("dovecot-tls10-alert-reply.hex")));
    assertFalse(alert.accepted());
    assertEquals(70, alert.alertDescription(), "protocol_version");
    ServerReply closed = ServerHelloParser.read(new ByteArrayInputStream(new byte[0]));
    assertEquals(ServerReply.CLOSED, closed);
  }

  @Test
  void garbageInsteadOfTlsIsAProtocolError() {
    assertThrows(ProtocolException.class, () -> ServerHelloParser.read(new ByteArrayInputStream(
        "554 5.5.1 Error\r\n".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void sslv2ServerHelloListsTheServersCipherSpecs() throws IOException {
    byte[] reply = HexFormat.of().parseHex("801a" + "04" + "00" + "01" + "0002" + "0003"
        + "0006" + "0008" + "aabbcc" + "010080" + "0700c0" + "00".repeat(8));
    assertEquals(List.of(0x010080, 0x0700C0),
        ServerHelloParser.readSslv2(new ByteArrayInputStream(reply)));
    assertEquals(List.of(), ServerHelloParser.readSslv2(new ByteArrayInputStream(
        captured("dovecot-tls10-alert-reply.hex"))), "a TLS alert is no SERVER-HELLO");
  }

  /** The handshake messages of a reply, without their record headers. */
  private static byte[] handshakeBytes(byte[] reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < reply.length; ) {
      int len = ((reply[i + 3] & 0xff) << 8) | (reply[i + 4] & 0xff);
      out.write(reply, i + 5, len);
      i += 5 + len;
    }
    return out.toByteArray();
  }

  private static byte[] records(byte[] handshake, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < handshake.length; i += size) {
      int len = Math.min(size, handshake.length - i);
      out.write(22);
      out.write(3);
      out.write(3);
      out.write(len >> 8);
      out.write(len);
      out.write(handshake, i, len);
    }
    return out.toByteArray();
  }

  private static InputStream oneByteAtATime(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  @Test
  void unknownPrimesAreCustom() {
    byte[] p = new byte[128];
    Arrays.fill(p, (byte) 0xAB);
    assertEquals(new DhParams(1024, "custom"), DhParams.of(new java.math.BigInteger(1, p)));
  }

  @Test
  void a421InsteadOfAServerHelloIsRateLimitingNotARefusal() {
    // Exim beyond its connection limit on 465 answers the hello in plaintext.
    byte[] busy = "421 exim-lab: Too many concurrent SMTP connections\r\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    org.junit.jupiter.api.Assertions.assertThrows(RateLimitedException.class,
        () -> ServerHelloParser.read(new java.io.ByteArrayInputStream(busy)));
  }
}
