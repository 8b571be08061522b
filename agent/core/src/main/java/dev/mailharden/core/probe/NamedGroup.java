package dev.mailharden.core.probe;

/** Key-exchange groups of the supported_groups extension (IANA TLS Supported Groups). */
public enum NamedGroup {
  X25519(29, "x25519"),
  SECP256R1(23, "secp256r1"),
  SECP384R1(24, "secp384r1"),
  SECP521R1(25, "secp521r1"),
  X448(30, "x448"),
  BRAINPOOLP256R1(26, "brainpoolP256r1"),
  BRAINPOOLP384R1(27, "brainpoolP384r1"),
  BRAINPOOLP512R1(28, "brainpoolP512r1"),
  BRAINPOOLP256R1_TLS13(31, "brainpoolP256r1tls13"),
  BRAINPOOLP384R1_TLS13(32, "brainpoolP384r1tls13"),
  BRAINPOOLP512R1_TLS13(33, "brainpoolP512r1tls13"),
  SECP256K1(22, "secp256k1"),
  SECP224R1(21, "secp224r1"),
  SECP192R1(19, "secp192r1"),
  SECT571R1(14, "sect571r1"),
  SECT409R1(12, "sect409r1"),
  SECT283R1(10, "sect283r1"),
  SECT163K1(1, "sect163k1"),
  X25519_MLKEM768(0x11EC, "X25519MLKEM768"),
  SECP256R1_MLKEM768(0x11EB, "SecP256r1MLKEM768"),
  SECP384R1_MLKEM1024(0x11ED, "SecP384r1MLKEM1024"),
  FFDHE2048(256, "ffdhe2048"),
  FFDHE3072(257, "ffdhe3072"),
  FFDHE4096(258, "ffdhe4096"),
  FFDHE6144(259, "ffdhe6144"),
  FFDHE8192(260, "ffdhe8192");

  private final int code;
  private final String label;

  NamedGroup(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  public String label() {
    return label;
  }

  /** Elliptic curves of TLS 1.2 and older (RFC 8422, RFC 7027, RFC 8446's x25519/x448). */
  public boolean forTls12() {
    return code <= 30;
  }

  /** Groups TLS 1.3 allows: no binary or small curves, no pre-1.3 brainpool code points. */
  public boolean forTls13() {
    return code >= 23 && code != 26 && code != 27 && code != 28;
  }

  /** A name for any code on the wire. */
  public static String nameOf(int code) {
    for (NamedGroup g : values()) {
      if (g.code == code) {
        return g.label;
      }
    }
    return String.format("group_0x%04X", code);
  }
}
