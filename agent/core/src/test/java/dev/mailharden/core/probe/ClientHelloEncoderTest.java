package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientHelloEncoderTest {

  private static final byte[] RANDOM = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      RANDOM[i] = (byte) i;
    }
  }

  @Test
  void sslv2ClientHelloIsTheExactV2RecordWithThreeByteCipherSpecs() {
    byte[] challenge = new byte[16];
    byte[] hello = ClientHelloEncoder.sslv2(List.of(0x010080, 0x0700C0), challenge);
    assertEquals("801f" + "01" + "0002" + "0006" + "0000" + "0010" + "010080" + "0700c0"
        + "00".repeat(16), HexFormat.of().formatHex(hello));
  }

  @Test
  void tls12HelloOffersTheSuitesInOrderDeflateAndTheClassicExtensions() {
    List<Integer> suites = List.of(0xC030, 0x009F, 0x0004);
    byte[] hello = ClientHelloEncoder.tls(TlsVersion.TLS_1_2, suites,
        List.of(NamedGroup.X25519, NamedGroup.SECP256R1), "mx.example.org", RANDOM, null);
    ClientHelloView v = ClientHelloView.parse(hello);
    assertEquals(0x0301, v.recordVersion(), "record version: what every server accepts");
    assertEquals(0x0303, v.clientVersion());
    assertArrayEquals(RANDOM, v.random());
    assertEquals(0, v.sessionId().length);
    assertEquals(suites, v.suites());
    assertEquals(List.of(1, 0), v.compressions(), "DEFLATE before NULL");
    assertEquals(List.of(0, 10, 11, 13), List.copyOf(v.extensions().keySet()));
    ByteBuffer sni = v.extensions().get(0).duplicate();
    assertEquals(sni.remaining() - 2, ClientHelloView.u16(sni));
    assertEquals(0, sni.get(), "host_name");
    byte[] name = new byte[ClientHelloView.u16(sni)];
    sni.get(name);
    assertEquals("mx.example.org", new String(name, StandardCharsets.US_ASCII));
    assertEquals(List.of(29, 23), v.u16List(10, 2));
    assertTrue(v.u16List(13, 2).containsAll(List.of(0x0804, 0x0403, 0x0401)));
  }

  @Test
  void tls13HelloCarriesSupportedVersionsAndARealLookingKeyShareAndOnlyNullCompression() {
    byte[] share = new byte[32];
    share[0] = 9;
    byte[] hello = ClientHelloEncoder.tls(TlsVersion.TLS_1_3, List.of(0x1301, 0x1302),
        List.of(NamedGroup.X25519, NamedGroup.SECP384R1), null, RANDOM, share);
    ClientHelloView v = ClientHelloView.parse(hello);
    assertEquals(0x0303, v.clientVersion(), "legacy_version stays TLS 1.2");
    assertEquals(32, v.sessionId().length, "middlebox compatibility session id");
    assertEquals(List.of(0), v.compressions(), "RFC 8446: exactly one NULL byte");
    assertFalse(v.extensions().containsKey(0), "no SNI without a name");
    ByteBuffer versions = v.extensions().get(43).duplicate();
    assertEquals(2, versions.get());
    assertEquals(0x0304, ClientHelloView.u16(versions));
    ByteBuffer keyShare = v.extensions().get(51).duplicate();
    assertEquals(36, ClientHelloView.u16(keyShare));
    assertEquals(29, ClientHelloView.u16(keyShare));
    assertEquals(32, ClientHelloView.u16(keyShare));
    assertEquals(9, keyShare.get());
  }

  @Test
  void tls13HelloWithoutShareSendsAnEmptyKeyShareSoTheServerMustAskForItsGroup() {
    byte[] hello = ClientHelloEncoder.tls(TlsVersion.TLS_1_3, List.of(0x1301),
        List.of(NamedGroup.SECP521R1), null, RANDOM, null);
    ByteBuffer keyShare = ClientHelloView.parse(hello).extensions().get(51);
    assertEquals(2, keyShare.remaining());
    assertEquals(0, ClientHelloView.u16(keyShare.duplicate()));
  }

  @Test
  void hybridShareIsAWellFormedMlKemKeyThenX25519() {
    byte[] share = KeyShares.of(NamedGroup.X25519_MLKEM768, new java.security.SecureRandom());
    assertEquals(1184 + 32, share.length);
    // FIPS 203 modulus check, as OpenSSL 3.5 makes it: every 12-bit coefficient below q.
    for (int i = 0; i < 1152; i += 3) {
      int a = (share[i] & 0xff) | (share[i + 1] & 0x0f) << 8;
      int b = (share[i + 1] & 0xff) >>> 4 | (share[i + 2] & 0xff) << 4;
      assertTrue(a < 3329 && b < 3329, "coefficient at byte " + i);
    }
    assertEquals(65 + 1184, KeyShares.of(NamedGroup.SECP256R1_MLKEM768,
        new java.security.SecureRandom()).length);
    byte[] p384 = KeyShares.of(NamedGroup.SECP384R1_MLKEM1024, new java.security.SecureRandom());
    assertEquals(97 + 1568, p384.length);
    assertEquals(4, p384[0], "uncompressed point first");
  }

  @Test
  void paddedHelloIsExactlyTheAskedSizeAndCarriesTheShareOfItsGroup() {
    byte[] share = KeyShares.of(NamedGroup.X25519, new java.security.SecureRandom());
    byte[] hello = ClientHelloEncoder.tls(TlsVersion.TLS_1_3, List.of(0x1301),
        List.of(NamedGroup.X25519_MLKEM768, NamedGroup.X25519), "mx.example.org", RANDOM,
        NamedGroup.X25519, share, 1600);
    assertEquals(1600, hello.length);
    ClientHelloView v = ClientHelloView.parse(hello);
    assertTrue(v.extensions().containsKey(21), "RFC 7685 padding");
    assertEquals(List.of(0x11EC, 29), v.u16List(10, 2));
    ByteBuffer keyShare = v.extensions().get(51).duplicate();
    ClientHelloView.u16(keyShare);
    assertEquals(29, ClientHelloView.u16(keyShare));
    assertEquals(32, ClientHelloView.u16(keyShare));
    byte[] unpadded = ClientHelloEncoder.tls(TlsVersion.TLS_1_3, List.of(0x1301),
        List.of(NamedGroup.X25519), null, RANDOM, NamedGroup.X25519, share, 0);
    assertFalse(ClientHelloView.parse(unpadded).extensions().containsKey(21));
  }

  @Test
  void sslv3HelloHasAnSslv3RecordAndNoExtensions() {
    ClientHelloView v = ClientHelloView.parse(ClientHelloEncoder.tls(TlsVersion.SSL_3,
        List.of(0x000A), List.of(NamedGroup.SECP256R1), "mx.example.org", RANDOM, null));
    assertEquals(0x0300, v.recordVersion());
    assertEquals(0x0300, v.clientVersion());
    assertTrue(v.extensions().isEmpty());
  }

  @Test
  void theSuiteTableHasEveryClassOfSuiteAndNoSignalingValues() {
    assertTrue(CipherSuites.all().size() > 350, "size " + CipherSuites.all().size());
    assertEquals(13, CipherSuites.sslv2().size());
    assertEquals(5, CipherSuites.tls13().size());
    assertTrue(CipherSuites.upToTls12().size() <= 3 * HelloExchange.BUNDLE);
    assertEquals(null, CipherSuites.byCode(0x5600), "TLS_FALLBACK_SCSV would abort handshakes");
    assertEquals(null, CipherSuites.byCode(0x00FF));
    for (CipherClass c : CipherClass.values()) {
      assertTrue(CipherSuites.all().stream().anyMatch(s -> s.classes().contains(c)), c.name());
    }
    CipherSuite camellia = CipherSuites.byName("TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA");
    assertTrue(camellia.dhe() && camellia.classes().isEmpty());
    assertEquals(java.util.Set.of(CipherClass.ANON, CipherClass.RC4, CipherClass.MD5,
        CipherClass.EXPORT), CipherSuites.byName("TLS_DH_anon_EXPORT_WITH_RC4_40_MD5").classes());
    assertTrue(CipherSuites.byName("TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384").ecdhe());
  }
}
