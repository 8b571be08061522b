package dev.mailharden.core.playbook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The protocol versions in order, with the names OpenSSL-based products use for them. */
public enum TlsProtocol {
  SSLv2("SSLv2"),
  SSLv3("SSLv3"),
  TLSv1("TLSv1"),
  TLSv1_1("TLSv1.1"),
  TLSv1_2("TLSv1.2"),
  TLSv1_3("TLSv1.3");

  private final String label;

  TlsProtocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<TlsProtocol> byLabel(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }

  /** Every version below this one: what a floor refuses. */
  public List<TlsProtocol> below() {
    return Arrays.asList(values()).subList(0, ordinal());
  }

  public static TlsProtocol max(TlsProtocol a, TlsProtocol b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * A version as mail logs spell it: OpenSSL's {@code TLSv1}, {@code TLSv1.2}, GnuTLS/Exim's
   * {@code TLS1.0}, {@code TLS1.2}, or {@code SSLv3}.
   */
  public static Optional<TlsProtocol> fromLog(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.replace("TLSv", "TLS");
    return Arrays.stream(values()).filter(p -> {
      String l = p.label.replace("TLSv", "TLS");
      return l.equals(n) || (l + ".0").equals(n);
    }).findFirst();
  }
}
