package dev.mailharden.core.probe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a server's reply to a hand-built hello from the socket, record by record: handshake
 * messages may span records and several may share one record, so messages are cut from a
 * buffer of all handshake bytes received so far. No cryptography: only the cleartext part.
 */
public final class ServerHelloParser {

  /** SHA-256("HelloRetryRequest"): the ServerHello random that marks a HelloRetryRequest. */
  private static final byte[] HELLO_RETRY_RANDOM = hex(
      "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
  /** Larger records break the protocol; refusing them bounds memory on hostile input. */
  private static final int MAX_RECORD = 16384 + 2048;

  private ServerHelloParser() {}

  /** Parses the reply to an SSLv3..TLS 1.3 ClientHello. A close before any answer is CLOSED. */
  public static ServerReply read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    Progress p = new Progress();
    int consumed = 0;
    while (true) {
      int type;
      byte[] fragment;
      try {
        type = in.readUnsignedByte();
        if (type == '4' && consumed == 0 && in.readUnsignedByte() == '2'
            && in.readUnsignedByte() == '1') {
          // On an implicit-TLS port a busy server (Exim beyond its connection limit) says
          // "421 ..." in plaintext instead of a ServerHello: rate limiting, not an answer.
          throw new RateLimitedException("421 on an implicit-TLS port");
        }
        if (type < 20 || type > 23) {
          throw new ProtocolException("not a TLS record (first byte " + type + ")");
        }
        in.readUnsignedShort(); // record version: says nothing reliable
        int length = in.readUnsignedShort();
        if (length > MAX_RECORD) {
          throw new ProtocolException("TLS record of " + length + " bytes");
        }
        fragment = new byte[length];
        in.readFully(fragment);
      } catch (EOFException e) {
        return p.version == null ? ServerReply.CLOSED : p.reply();
      }
      if (type == 21 && fragment.length >= 2) {
        return p.version == null ? ServerReply.alert(fragment[1] & 0xff) : p.reply();
      }
      if (type != 22) {
        if (p.version != null) {
          return p.reply(); // e.g. TLS 1.3's compatibility ChangeCipherSpec
        }
        throw new ProtocolException("expected a TLS handshake record, got type " + type);
      }
      handshake.write(fragment);
      byte[] all = handshake.toByteArray();
      while (all.length - consumed >= 4) {
        int msgType = all[consumed] & 0xff;
        int len = u24(all, consumed + 1);
        if (all.length - consumed - 4 < len) {
          break; // the rest of this message comes in a later record
        }
        ByteBuffer body = ByteBuffer.wrap(all, consumed + 4, len).slice();
        consumed += 4 + len;
        if (p.message(msgType, body)) {
          return p.reply();
        }
      }
    }
  }

  /**
   * Parses an SSLv2 SERVER-HELLO.
   *
   * @return the SSLv2 cipher specs the server has (all of them, in one reply), or an empty
   *     list when the server answered anything else or closed
   */
  public static List<Integer> readSslv2(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    try {
      int b0 = in.readUnsignedByte();
      if ((b0 & 0x80) == 0) {
        return List.of(); // a TLS record (alert) or a 3-byte SSLv2 header: no SERVER-HELLO
      }
      int length = ((b0 & 0x7f) << 8) | in.readUnsignedByte();
      byte[] body = new byte[length];
      in.readFully(body);
      ByteBuffer b = ByteBuffer.wrap(body);
      if (b.get() != 4) {
        return List.of(); // not SERVER-HELLO (e.g. ERROR)
      }
      b.get(); // session id hit
      b.get(); // certificate type
      int version = b.getShort() & 0xffff;
      int certLength = b.getShort() & 0xffff;
      int specsLength = b.getShort() & 0xffff;
      b.getShort(); // connection id length
      if (version != TlsVersion.SSL_2.code()) {
        return List.of();
      }
      b.position(b.position() + certLength);
      List<Integer> specs = new ArrayList<>();
      for (int i = 0; i + 3 <= specsLength; i += 3) {
        specs.add(((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff));
      }
      return specs;
    } catch (EOFException e) {
      return List.of();
    }
  }

  /** The fields found so far, filled as handshake messages arrive. */
  private static final class Progress {
    TlsVersion version;
    int suite = -1;
    int compression = -1;
    boolean helloRetry;
    int group = -1;
    int keyShareLength = -1;
    List<X509Certificate> certificates = List.of();
    DhParams dh;

    ServerReply reply() {
      return new ServerReply(-1, version, suite, compression, helloRetry, group, certificates, dh,
          keyShareLength);
    }

    /** Takes one handshake message; true when the cleartext part of the reply is complete. */
    boolean message(int type, ByteBuffer b) throws ProtocolException {
      try {
        switch (type) {
          case 2 -> {
            serverHello(b);
            return version == TlsVersion.TLS_1_3;
          }
          case 11 -> certificates = certificates(b);
          case 12 -> serverKeyExchange(b);
          case 14 -> {
            return true;
          }
          default -> {
            // CertificateStatus, CertificateRequest: nothing the prober needs.
          }
        }
        return false;
      } catch (RuntimeException e) {
        throw new ProtocolException("malformed handshake message " + type + ": " + e);
      }
    }

    private void serverHello(ByteBuffer b) throws ProtocolException {
      int legacyVersion = b.getShort() & 0xffff;
      byte[] random = new byte[32];
      b.get(random);
      helloRetry = Arrays.equals(random, HELLO_RETRY_RANDOM);
      slice(b, b.get() & 0xff); // session id
      suite = b.getShort() & 0xffff;
      compression = b.get() & 0xff;
      int negotiated = legacyVersion;
      if (b.remaining() >= 2) {
        ByteBuffer ext = slice(b, b.getShort() & 0xffff);
        while (ext.remaining() >= 4) {
          int extType = ext.getShort() & 0xffff;
          ByteBuffer data = slice(ext, ext.getShort() & 0xffff);
          if (extType == 43) { // supported_versions
            negotiated = data.getShort() & 0xffff;
          } else if (extType == 51) { // key_share: the group leads in ServerHello and HRR
            group = data.getShort() & 0xffff;
            if (data.remaining() >= 2) { // a ServerHello's share; an HRR names only the group
              keyShareLength = data.getShort() & 0xffff;
            }
          }
        }
      }
      version = TlsVersion.ofCode(negotiated);
      if (version == null) {
        throw new ProtocolException(String.format("ServerHello with version 0x%04X", negotiated));
      }
    }

    private List<X509Certificate> certificates(ByteBuffer b) {
      List<X509Certificate> chain = new ArrayList<>();
      ByteBuffer list = slice(b, u24(b));
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        while (list.remaining() >= 3) {
          byte[] der = new byte[u24(list)];
          list.get(der);
          chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
      } catch (CertificateException e) {
        // An unparsable certificate is reported by the full handshake, not here.
      }
      return chain;
    }

    private void serverKeyExchange(ByteBuffer b) {
      CipherSuite s = CipherSuites.byCode(suite);
      if (s == null) {
        return;
      }
      if (s.kx().contains("PSK")) {
        slice(b, b.getShort() & 0xffff); // psk identity hint
      }
      if (s.dhe()) {
        byte[] p = new byte[b.getShort() & 0xffff];
        b.get(p);
        dh = DhParams.of(new BigInteger(1, p));
      } else if (s.ecdhe() && b.get() == 3) { // named_curve
        group = b.getShort() & 0xffff;
      }
    }
  }

  private static ByteBuffer slice(ByteBuffer b, int length) {
    ByteBuffer s = b.slice().limit(length);
    b.position(b.position() + length);
    return s;
  }

  private static int u24(byte[] a, int at) {
    return ((a[at] & 0xff) << 16) | ((a[at + 1] & 0xff) << 8) | (a[at + 2] & 0xff);
  }

  private static int u24(ByteBuffer b) {
    return ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
