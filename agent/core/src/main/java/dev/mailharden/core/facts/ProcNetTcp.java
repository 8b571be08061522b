package dev.mailharden.core.facts;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Decodes a local address from /proc/net/tcp{,6}: hex address (host byte order), colon, hex port. */
final class ProcNetTcp {

  private ProcNetTcp() {}

  static HostFacts.ListeningPort decode(String field) {
    int colon = field.indexOf(':');
    String hexAddr = field.substring(0, colon);
    int port = Integer.parseInt(field.substring(colon + 1), 16);
    byte[] raw = new byte[hexAddr.length() / 2];
    // The kernel prints each 32-bit word in host (little-endian on x86/arm) order.
    for (int word = 0; word < raw.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int src = (word * 4 + 3 - i) * 2;
        raw[word * 4 + i] = (byte) Integer.parseInt(hexAddr.substring(src, src + 2), 16);
      }
    }
    try {
      return new HostFacts.ListeningPort(InetAddress.getByAddress(raw).getHostAddress(), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + field, e);
    }
  }
}
