package dev.mailharden.core.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** Protocol versions the prober can offer, with their wire codes. */
public enum TlsVersion {
  SSL_2("SSLv2", 0x0002),
  SSL_3("SSLv3", 0x0300),
  TLS_1_0("TLSv1.0", 0x0301),
  TLS_1_1("TLSv1.1", 0x0302),
  TLS_1_2("TLSv1.2", 0x0303),
  TLS_1_3("TLSv1.3", 0x0304);

  /** The versions with a TLS-format ClientHello (SSLv2 has its own). */
  static final List<TlsVersion> HELLO_VERSIONS = List.of(SSL_3, TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3);

  /**
   * Where server preference is measured, first that applies: TLS 1.2 and older offer the most
   * suites to choose between; TLS 1.3's five come last.
   */
  static final List<TlsVersion> PREFERENCE_ORDER = List.of(TLS_1_2, TLS_1_1, TLS_1_0, SSL_3,
      TLS_1_3);

  private final String label;
  private final int code;

  TlsVersion(String label, int code) {
    this.label = label;
    this.code = code;
  }

  /** How reports (text and JSON) name the version. */
  @JsonValue
  public String label() {
    return label;
  }

  public int code() {
    return code;
  }

  /** The version with this wire code, or null for a code no version has. */
  public static TlsVersion ofCode(int code) {
    for (TlsVersion v : values()) {
      if (v.code == code) {
        return v;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return label;
  }
}
