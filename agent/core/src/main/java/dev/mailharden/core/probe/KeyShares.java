package dev.mailharden.core.probe;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * Client key shares for TLS 1.3's key_share: real X25519 and NIST-curve public keys (a server
 * checks that a point is valid), and for the hybrids an ML-KEM encapsulation key joined to
 * one, in the order draft-ietf-tls-ecdhe-mlkem gives.
 *
 * <p>The encapsulation key is made here, not by a library (JDK 17 has no ML-KEM; Bouncy
 * Castle would be the one to add): the prober never decapsulates, it reads only the size of
 * the server's share, as the rest of the handshake is encrypted anyway. What a server can
 * check of an encapsulation key is its length and FIPS 203's modulus check (section 7.2:
 * every 12-bit coefficient below q = 3329; OpenSSL 3.5 refuses a key that fails it), and a
 * vector of coefficients drawn below q followed by a 32-byte seed passes both, exactly like
 * a generated key: no server can tell them apart.
 */
final class KeyShares {

  private static final int Q = 3329;

  private KeyShares() {}

  /** A fresh share for {@code g}; only groups with a {@link NamedGroup#serverShareLength}. */
  static byte[] of(NamedGroup g, SecureRandom random) {
    return switch (g) {
      case X25519 -> x25519();
      case SECP256R1 -> ecPoint("secp256r1", 32);
      case SECP384R1 -> ecPoint("secp384r1", 48);
      case X25519_MLKEM768 -> concat(mlKemEncapsulationKey(3, random), x25519());
      case SECP256R1_MLKEM768 -> concat(ecPoint("secp256r1", 32),
          mlKemEncapsulationKey(3, random));
      case SECP384R1_MLKEM1024 -> concat(ecPoint("secp384r1", 48),
          mlKemEncapsulationKey(4, random));
      default -> throw new IllegalArgumentException("no key share for " + g.label());
    };
  }

  /**
   * A well-formed ML-KEM encapsulation key of rank {@code k} (3: ML-KEM-768, 1184 bytes; 4:
   * ML-KEM-1024, 1568 bytes): k * 256 coefficients below q, 12 bits each (ByteEncode12),
   * then the 32-byte seed rho.
   */
  static byte[] mlKemEncapsulationKey(int k, SecureRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(384 * k + 32);
    for (int i = 0; i < 128 * k; i++) {
      int a = random.nextInt(Q);
      int b = random.nextInt(Q);
      out.write(a);
      out.write((a >>> 8) | (b << 4));
      out.write(b >>> 4);
    }
    byte[] rho = new byte[32];
    random.nextBytes(rho);
    out.writeBytes(rho);
    return out.toByteArray();
  }

  /** A real X25519 public key (RFC 7748 little-endian u coordinate, the SPKI's last bytes). */
  static byte[] x25519() {
    try {
      byte[] spki = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic()
          .getEncoded();
      return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no X25519", e);
    }
  }

  /** An uncompressed point (0x04, x, y) of a fresh key on the named curve. */
  private static byte[] ecPoint(String curve, int fieldBytes) {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
      kpg.initialize(new ECGenParameterSpec(curve));
      ECPublicKey pub = (ECPublicKey) kpg.generateKeyPair().getPublic();
      return concat(new byte[] {4}, fixed(pub.getW().getAffineX(), fieldBytes),
          fixed(pub.getW().getAffineY(), fieldBytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + curve, e);
    }
  }

  private static byte[] fixed(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int n = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - n, out, length - n, n);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
