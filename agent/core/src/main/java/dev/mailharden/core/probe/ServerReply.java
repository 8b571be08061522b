package dev.mailharden.core.probe;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a server answered to one hand-built ClientHello, up to ServerHelloDone (TLS 1.2 and
 * older) or the ServerHello / HelloRetryRequest (TLS 1.3, whose rest is encrypted).
 *
 * @param alertDescription the alert the server sent instead (40 handshake_failure, 70
 *     protocol_version, ...), or -1
 * @param version the negotiated version (supported_versions wins over the legacy field), or
 *     null when there was no ServerHello
 * @param group the key-exchange group: TLS 1.3 key_share / HelloRetryRequest, or the named
 *     curve of an ECDHE ServerKeyExchange; -1 if none
 * @param dh the DHE ServerKeyExchange's parameters, or null
 * @param keyShareLength bytes of the server's TLS 1.3 key share (ServerHello), or -1
 */
public record ServerReply(
    int alertDescription, TlsVersion version, int suite, int compression, boolean helloRetry,
    int group, List<X509Certificate> certificates, DhParams dh, int keyShareLength) {

  static final ServerReply CLOSED = new ServerReply(-1, null, -1, -1, false, -1, List.of(), null,
      -1);

  static ServerReply alert(int description) {
    return new ServerReply(description, null, -1, -1, false, -1, List.of(), null, -1);
  }

  /** The server accepted the hello: it chose a version and a suite. */
  public boolean accepted() {
    return version != null;
  }

  @Override
  public String toString() {
    return accepted()
        ? version + " " + CipherSuites.nameOf(version, suite) + (compression != 0 ? " compression="
            + compression : "") + (helloRetry ? " HRR" : "") + (group >= 0 ? " group="
            + NamedGroup.nameOf(group) : "") + (dh != null ? " DH " + dh.bits() : "")
        : alertDescription >= 0 ? "alert " + alertDescription : "closed";
  }
}
