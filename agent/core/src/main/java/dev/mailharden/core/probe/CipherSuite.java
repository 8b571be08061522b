package dev.mailharden.core.probe;

import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the cipher-suite table: the IANA code (three bytes for SSLv2 cipher specs) and
 * the parts a policy judges. {@code kx} and {@code auth} use OpenSSL's spelling ("ECDH",
 * "DH/RSA", "None").
 */
public record CipherSuite(
    int code, String name, String opensslName, String protocol, String kx, String auth,
    String encryption, String mac, boolean export) {

  public boolean sslv2() {
    return protocol.equals("SSLv2");
  }

  public boolean tls13() {
    return protocol.equals("TLSv1.3");
  }

  /** Ephemeral finite-field DH: the ServerKeyExchange carries p, g and Ys. */
  public boolean dhe() {
    return kx.startsWith("DH") && !kx.contains("/");
  }

  /** Ephemeral elliptic-curve DH: the ServerKeyExchange names the curve. */
  public boolean ecdhe() {
    return kx.startsWith("ECDH") && !kx.contains("/");
  }

  public Set<CipherClass> classes() {
    Set<CipherClass> c = EnumSet.noneOf(CipherClass.class);
    if (encryption.startsWith("None")) {
      c.add(CipherClass.NULL);
    }
    if (auth.equals("None")) {
      c.add(CipherClass.ANON);
    }
    if (export) {
      c.add(CipherClass.EXPORT);
    }
    if (encryption.startsWith("RC4")) {
      c.add(CipherClass.RC4);
    }
    if (encryption.startsWith("DES(")) {
      c.add(CipherClass.DES);
    }
    if (encryption.startsWith("3DES")) {
      c.add(CipherClass.TRIPLE_DES);
    }
    if (mac.equals("MD5")) {
      c.add(CipherClass.MD5);
    }
    return c;
  }
}
