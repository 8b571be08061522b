package dev.mailharden.core.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;

/**
 * A deliberately bad TLS server for tests: answers an SSLv2 CLIENT-HELLO with a SERVER-HELLO,
 * any SSLv3..TLS 1.2 hello with a ServerHello at the client's version (at most TLS 1.2),
 * picking DEFLATE when offered and its own suite order, and sends a DHE ServerKeyExchange
 * with a 1024-bit prime, but like some older GnuTLS builds only to hellos whose
 * supported_groups carry no RFC 7919 FFDHE group. It never completes a handshake.
 */
final class LegacyTlsResponder implements AutoCloseable {

  /** Server order: DHE first, then RC4-MD5, then plain RSA. */
  static final List<Integer> SUITES = List.of(0x0033, 0x0004, 0x002F);
  static final List<Integer> SSLV2_SPECS = List.of(0x010080, 0x0700C0);
  static final BigInteger PRIME = BigInteger.probablePrime(1024, new Random(7));

  private final ServerSocket server;
  private final Thread loop;

  LegacyTlsResponder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    loop = new Thread(this::serve, "legacy-tls-responder");
    loop.setDaemon(true);
    loop.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(5000);
        answer(new DataInputStream(s.getInputStream()), s.getOutputStream());
      } catch (IOException | RuntimeException e) {
        // A client that hung up or sent nonsense: next connection.
      }
    }
  }

  private static void answer(DataInputStream in, OutputStream out) throws IOException {
    int first = in.readUnsignedByte();
    if ((first & 0x80) != 0) {
      in.readFully(new byte[((first & 0x7f) << 8) | in.readUnsignedByte()]);
      out.write(sslv2ServerHello());
      return;
    }
    byte[] header = new byte[4];
    in.readFully(header);
    byte[] body = new byte[((header[2] & 0xff) << 8) | (header[3] & 0xff)];
    in.readFully(body);
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(first);
    record.write(header);
    record.write(body);
    ClientHelloView hello = ClientHelloView.parse(record.toByteArray());
    int version = Math.min(hello.clientVersion(), TlsVersion.TLS_1_2.code());
    boolean ffdheOffered = hello.extensions().containsKey(10)
        && hello.u16List(10, 2).stream().anyMatch(g -> g >= 256 && g <= 260);
    Integer suite = SUITES.stream().filter(hello.suites()::contains)
        .filter(c -> c != 0x0033 || !ffdheOffered).findFirst().orElse(null);
    if (suite == null) {
      out.write(new byte[] {21, 3, 1, 0, 2, 2, 40}); // handshake_failure
      return;
    }
    ClientHelloEncoder.Wire messages = new ClientHelloEncoder.Wire();
    messages.u8(2);
    messages.block24(sh -> {
      sh.u16(version);
      sh.bytes(new byte[32]);
      sh.u8(0);
      sh.u16(suite);
      sh.u8(hello.compressions().contains(ClientHelloEncoder.COMPRESSION_DEFLATE)
          ? ClientHelloEncoder.COMPRESSION_DEFLATE : 0);
    });
    if (suite == 0x0033) {
      messages.u8(12);
      messages.block24(ske -> {
        ske.block16(p -> p.bytes(unsigned(PRIME)));
        ske.block16(g -> g.u8(2));
        ske.block16(ys -> ys.bytes(new byte[128]));
        ske.block16(sig -> sig.bytes(new byte[64])); // never checked: no key exists
      });
    }
    messages.u8(14);
    messages.u24(0);
    // All messages in one record: the parser must split them.
    ClientHelloEncoder.Wire reply = new ClientHelloEncoder.Wire();
    reply.u8(22);
    reply.u16(version);
    reply.block16(r -> r.bytes(messages.toByteArray()));
    out.write(reply.toByteArray());
  }

  private static byte[] sslv2ServerHello() {
    ClientHelloEncoder.Wire body = new ClientHelloEncoder.Wire();
    body.u8(4);
    body.u8(0);
    body.u8(1); // X.509
    body.u16(TlsVersion.SSL_2.code());
    body.u16(3);
    body.u16(SSLV2_SPECS.size() * 3);
    body.u16(16);
    body.bytes(new byte[] {0x30, 0x01, 0x00}); // not a real certificate: never parsed
    SSLV2_SPECS.forEach(body::u24);
    body.bytes(new byte[16]);
    byte[] b = body.toByteArray();
    ClientHelloEncoder.Wire record = new ClientHelloEncoder.Wire();
    record.u16(0x8000 | b.length);
    record.bytes(b);
    return record.toByteArray();
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
