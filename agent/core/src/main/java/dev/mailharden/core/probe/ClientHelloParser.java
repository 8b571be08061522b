package dev.mailharden.core.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client's first flight from a socket: a TLS ClientHello (possibly spanning records)
 * or an SSLv2-format CLIENT-HELLO, reading exactly its bytes and no more, so the caller can
 * replay them into a real TLS server. No cryptography: the cleartext offer only. The mirror of
 * {@link ClientHelloEncoder}.
 */
public final class ClientHelloParser {

  private static final int MAX_HELLO = 1 << 16;

  private ClientHelloParser() {}

  public static ClientHello read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int b0 = in.readUnsignedByte();
    wire.write(b0);
    if ((b0 & 0x80) != 0) {
      return sslv2(in, wire, b0);
    }
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    int type = b0;
    while (true) {
      if (type != 22) {
        throw new ProtocolException("expected a TLS handshake record, got type " + type);
      }
      byte[] header = new byte[4];
      in.readFully(header);
      wire.write(header);
      int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
      byte[] fragment = new byte[length];
      in.readFully(fragment);
      wire.write(fragment);
      handshake.write(fragment);
      byte[] all = handshake.toByteArray();
      if (all.length >= 4) {
        int bodyLength = ((all[1] & 0xff) << 16) | ((all[2] & 0xff) << 8) | (all[3] & 0xff);
        if (all[0] != 1 || bodyLength > MAX_HELLO) {
          throw new ProtocolException("not a ClientHello (handshake type " + all[0] + ")");
        }
        if (all.length - 4 >= bodyLength) {
          return tls(ByteBuffer.wrap(all, 4, bodyLength).slice(), wire.toByteArray());
        }
      }
      if (wire.size() > MAX_HELLO) {
        throw new ProtocolException("ClientHello longer than " + MAX_HELLO + " bytes");
      }
      type = in.readUnsignedByte();
      wire.write(type);
    }
  }

  private static ClientHello tls(ByteBuffer b, byte[] raw) throws ProtocolException {
    try {
      int legacy = b.getShort() & 0xffff;
      b.position(b.position() + 32); // random
      skip(b, b.get() & 0xff); // session id
      List<Integer> suites = new ArrayList<>();
      int suitesLength = b.getShort() & 0xffff;
      for (int i = 0; i + 2 <= suitesLength; i += 2) {
        suites.add(b.getShort() & 0xffff);
      }
      skip(b, b.get() & 0xff); // compression methods
      List<TlsVersion> versions = new ArrayList<>();
      if (b.remaining() >= 2) {
        ByteBuffer ext = slice(b, b.getShort() & 0xffff);
        while (ext.remaining() >= 4) {
          int extType = ext.getShort() & 0xffff;
          ByteBuffer data = slice(ext, ext.getShort() & 0xffff);
          if (extType == 43) { // supported_versions: GREASE and unknown codes are left out
            int n = data.get() & 0xff;
            for (int i = 0; i + 2 <= n; i += 2) {
              TlsVersion v = TlsVersion.ofCode(data.getShort() & 0xffff);
              if (v != null) {
                versions.add(v);
              }
            }
          }
        }
      }
      boolean listed = !versions.isEmpty();
      if (!listed) {
        TlsVersion v = TlsVersion.ofCode(legacy);
        if (v == null) {
          throw new ProtocolException(String.format("ClientHello with version 0x%04X", legacy));
        }
        versions.add(v);
      }
      return new ClientHello(versions, listed, suites, raw);
    } catch (RuntimeException e) {
      throw new ProtocolException("malformed ClientHello: " + e);
    }
  }

  /** An SSLv2-format hello: the client speaks SSLv2 framing, so SSLv2 counts as offered. */
  private static ClientHello sslv2(DataInputStream in, ByteArrayOutputStream wire, int b0)
      throws IOException {
    int b1 = in.readUnsignedByte();
    wire.write(b1);
    byte[] body = new byte[((b0 & 0x7f) << 8) | b1];
    in.readFully(body);
    wire.write(body);
    ByteBuffer b = ByteBuffer.wrap(body);
    if (b.get() != 1) {
      throw new ProtocolException("SSLv2 record that is not a CLIENT-HELLO");
    }
    TlsVersion highest = TlsVersion.ofCode(b.getShort() & 0xffff);
    int specsLength = b.getShort() & 0xffff;
    b.getShort(); // session id length
    b.getShort(); // challenge length
    List<Integer> specs = new ArrayList<>();
    for (int i = 0; i + 3 <= specsLength; i += 3) {
      specs.add(((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff));
    }
    List<TlsVersion> versions = new ArrayList<>();
    if (highest != null && highest != TlsVersion.SSL_2) {
      versions.add(highest);
    }
    versions.add(TlsVersion.SSL_2);
    return new ClientHello(versions, true, specs, wire.toByteArray());
  }

  private static ByteBuffer slice(ByteBuffer b, int length) {
    ByteBuffer s = b.slice().limit(length);
    b.position(b.position() + length);
    return s;
  }

  private static void skip(ByteBuffer b, int length) {
    b.position(b.position() + length);
  }
}
