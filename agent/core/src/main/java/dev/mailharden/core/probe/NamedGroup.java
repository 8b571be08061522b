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

  /** A post-quantum hybrid: ML-KEM combined with an elliptic curve (TLS 1.3 only). */
  public boolean hybrid() {
    return code >= 0x11EB && code <= 0x11ED;
  }

  /**
   * Bytes of the server's TLS 1.3 key share for the groups the prober proves with a full
   * share, 0 for the others. Hybrids carry the ML-KEM ciphertext (1088 bytes for ML-KEM-768,
   * 1568 for ML-KEM-1024) and the curve's share, ML-KEM first only in X25519MLKEM768
   * (draft-ietf-tls-ecdhe-mlkem).
   */
  public int serverShareLength() {
    return switch (this) {
      case X25519 -> 32;
      case SECP256R1 -> 65;
      case SECP384R1 -> 97;
      case X25519_MLKEM768 -> 1088 + 32;
      case SECP256R1_MLKEM768 -> 65 + 1088;
      case SECP384R1_MLKEM1024 -> 97 + 1568;
      default -> 0;
    };
  }

  /** The group with this label, or null. */
  public static NamedGroup byLabel(String label) {
    for (NamedGroup g : values()) {
      if (g.label.equals(label)) {
        return g;
      }
    }
    return null;
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
