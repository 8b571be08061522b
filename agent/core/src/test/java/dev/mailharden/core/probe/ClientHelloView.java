package dev.mailharden.core.probe;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test-side reading of one ClientHello record: what a server would see in it. */
record ClientHelloView(
    int recordVersion, int clientVersion, byte[] random, byte[] sessionId, List<Integer> suites,
    List<Integer> compressions, Map<Integer, ByteBuffer> extensions) {

  static ClientHelloView parse(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    if (b.get() != 22) {
      throw new IllegalArgumentException("not a handshake record");
    }
    int recordVersion = u16(b);
    if (u16(b) != b.remaining()) {
      throw new IllegalArgumentException("record length does not match");
    }
    if (b.get() != 1 || u24(b) != b.remaining()) {
      throw new IllegalArgumentException("not one whole client_hello");
    }
    int clientVersion = u16(b);
    byte[] random = new byte[32];
    b.get(random);
    byte[] sessionId = new byte[b.get() & 0xff];
    b.get(sessionId);
    List<Integer> suites = new ArrayList<>();
    for (int n = u16(b) / 2; n > 0; n--) {
      suites.add(u16(b));
    }
    List<Integer> compressions = new ArrayList<>();
    for (int n = b.get() & 0xff; n > 0; n--) {
      compressions.add(b.get() & 0xff);
    }
    Map<Integer, ByteBuffer> extensions = new LinkedHashMap<>();
    if (b.hasRemaining()) {
      int end = u16(b) + b.position();
      while (b.position() < end) {
        int type = u16(b);
        int len = u16(b);
        extensions.put(type, b.slice().limit(len));
        b.position(b.position() + len);
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("bytes after the extensions");
      }
    }
    return new ClientHelloView(recordVersion, clientVersion, random, sessionId, suites,
        compressions, extensions);
  }

  /** The 16-bit values of a list extension with a length prefix of {@code prefix} bytes. */
  List<Integer> u16List(int extension, int prefix) {
    ByteBuffer e = extensions.get(extension).duplicate();
    e.position(prefix);
    List<Integer> values = new ArrayList<>();
    while (e.remaining() >= 2) {
      values.add(u16(e));
    }
    return values;
  }

  static int u16(ByteBuffer b) {
    return b.getShort() & 0xffff;
  }

  static int u24(ByteBuffer b) {
    return ((b.get() & 0xff) << 16) | u16(b);
  }
}
