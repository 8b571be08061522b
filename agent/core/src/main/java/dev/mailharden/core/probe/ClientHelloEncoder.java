package dev.mailharden.core.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hand-built ClientHellos: the prober needs to offer what no TLS library will (SSLv2, SSLv3,
 * export and anonymous suites, DEFLATE compression) and stop after the server's answer.
 */
public final class ClientHelloEncoder {

  /** DEFLATE (RFC 3749) besides NULL: a server that picks it has TLS compression on. */
  static final int COMPRESSION_DEFLATE = 1;

  /** Signature schemes a 2020s client offers, plus the SHA-1/SHA-224 ones old servers need. */
  private static final int[] SIGNATURE_SCHEMES = {
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b,
    0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202, 0x0402, 0x0502,
    0x0602
  };

  private ClientHelloEncoder() {}

  /**
   * An SSLv2 CLIENT-HELLO record offering the given 3-byte cipher specs.
   *
   * @param challenge 16 random bytes
   */
  public static byte[] sslv2(List<Integer> cipherSpecs, byte[] challenge) {
    Wire body = new Wire();
    body.u8(1); // CLIENT-HELLO
    body.u16(TlsVersion.SSL_2.code());
    body.u16(cipherSpecs.size() * 3);
    body.u16(0); // no session id
    body.u16(challenge.length);
    cipherSpecs.forEach(body::u24);
    body.bytes(challenge);
    byte[] b = body.toByteArray();
    Wire record = new Wire();
    record.u16(0x8000 | b.length); // two-byte header, no padding
    record.bytes(b);
    return record.toByteArray();
  }

  /**
   * An SSLv3..TLS 1.3 ClientHello record.
   *
   * @param version the version to offer; TLS 1.3 goes in supported_versions
   * @param suites cipher-suite codes in the order offered
   * @param groups supported_groups, in order
   * @param serverName SNI host name, or null (SSLv3 hellos carry no extensions at all)
   * @param random 32 random bytes
   * @param x25519Share the client's X25519 public key for TLS 1.3's key_share, or null to send
   *     none (a server that accepts one of the groups then answers HelloRetryRequest)
   */
  public static byte[] tls(TlsVersion version, List<Integer> suites, List<NamedGroup> groups,
      String serverName, byte[] random, byte[] x25519Share) {
    return tls(version, suites, groups, serverName, random, NamedGroup.X25519, x25519Share, 0);
  }

  /**
   * The same with a key share of any group, padded (RFC 7685) to at least {@code padTo}
   * bytes on the wire: hybrid key shares make hellos larger than one TCP segment, and some
   * servers and middleboxes drop those.
   *
   * @param share the client's public key for {@code shareGroup}, or null to send none
   * @param padTo the smallest record size to send; 0: no padding
   */
  public static byte[] tls(TlsVersion version, List<Integer> suites, List<NamedGroup> groups,
      String serverName, byte[] random, NamedGroup shareGroup, byte[] share, int padTo) {
    boolean tls13 = version == TlsVersion.TLS_1_3;
    Wire hello = new Wire();
    hello.u16(tls13 ? TlsVersion.TLS_1_2.code() : version.code());
    hello.bytes(random);
    // TLS 1.3 middlebox compatibility wants a non-empty legacy session id.
    hello.block8(w -> w.bytes(tls13 ? random : new byte[0]));
    hello.block16(w -> suites.forEach(w::u16));
    hello.block8(w -> {
      if (!tls13) {
        w.u8(COMPRESSION_DEFLATE);
      }
      w.u8(0);
    });
    if (version != TlsVersion.SSL_3) {
      Wire extensions = new Wire();
      extensions(extensions, version, groups, serverName, shareGroup, share);
      // Record header 5, handshake header 4, the extensions' length 2, padding's header 4.
      int missing = padTo - (5 + 4 + hello.size() + 2 + extensions.size() + 4);
      if (padTo > 0 && missing >= 0) {
        extension(extensions, 21, e -> e.bytes(new byte[missing]));
      }
      hello.block16(w -> w.bytes(extensions.toByteArray()));
    }
    Wire handshake = new Wire();
    handshake.u8(1); // client_hello
    handshake.block24(w -> w.bytes(hello.toByteArray()));
    Wire record = new Wire();
    record.u8(22);
    record.u16(version == TlsVersion.SSL_3 ? TlsVersion.SSL_3.code() : TlsVersion.TLS_1_0.code());
    record.block16(w -> w.bytes(handshake.toByteArray()));
    return record.toByteArray();
  }

  private static void extensions(Wire w, TlsVersion version, List<NamedGroup> groups,
      String serverName, NamedGroup shareGroup, byte[] share) {
    if (serverName != null) {
      extension(w, 0, e -> e.block16(list -> {
        list.u8(0); // host_name
        list.block16(n -> n.bytes(serverName.getBytes(StandardCharsets.US_ASCII)));
      }));
    }
    extension(w, 10, e -> e.block16(list -> groups.forEach(g -> list.u16(g.code()))));
    extension(w, 11, e -> e.block8(list -> list.u8(0))); // uncompressed points
    if (version.compareTo(TlsVersion.TLS_1_2) >= 0) {
      extension(w, 13, e -> e.block16(list -> {
        for (int s : SIGNATURE_SCHEMES) {
          list.u16(s);
        }
      }));
    }
    if (version == TlsVersion.TLS_1_3) {
      extension(w, 43, e -> e.block8(list -> list.u16(TlsVersion.TLS_1_3.code())));
      extension(w, 45, e -> e.block8(list -> list.u8(1))); // psk_dhe_ke
      extension(w, 51, e -> e.block16(list -> {
        if (share != null) {
          list.u16(shareGroup.code());
          list.block16(k -> k.bytes(share));
        }
      }));
    }
  }

  private static void extension(Wire w, int type, Consumer<Wire> body) {
    w.u16(type);
    w.block16(body);
  }

  /** Big-endian writer with length-prefixed blocks. */
  static final class Wire extends ByteArrayOutputStream {
    void u8(int v) {
      write(v);
    }

    void u16(int v) {
      write(v >>> 8);
      write(v);
    }

    void u24(int v) {
      write(v >>> 16);
      u16(v & 0xffff);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }

    void block8(Consumer<Wire> body) {
      byte[] b = nested(body);
      u8(b.length);
      bytes(b);
    }

    void block16(Consumer<Wire> body) {
      byte[] b = nested(body);
      u16(b.length);
      bytes(b);
    }

    void block24(Consumer<Wire> body) {
      byte[] b = nested(body);
      u24(b.length);
      bytes(b);
    }

    private static byte[] nested(Consumer<Wire> body) {
      Wire w = new Wire();
      body.accept(w);
      return w.toByteArray();
    }
  }
}
