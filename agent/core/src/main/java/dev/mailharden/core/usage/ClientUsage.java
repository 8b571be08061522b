package dev.mailharden.core.usage;

import java.time.Instant;
import java.util.List;

/**
 * How often one client reached one port in one way within the window.
 *
 * @param protocol the TLS version as the log names it ({@code TLSv1.2}, {@code TLS1.2}); null
 *     for a session without TLS
 * @param cipher the suite as the log names it (OpenSSL or GnuTLS spelling); null without TLS
 * @param authWithoutTls the plaintext sessions tried to log in (AUTH, LOGIN, USER/PASS)
 * @param helos the session's HELO/EHLO name where its line has one (Exim), else the names
 *     other lines showed for this address (Postfix reject lines), at most a few
 */
public record ClientUsage(String product, int port, String address, String protocol,
    String cipher, boolean authWithoutTls, long count, Instant lastSeen, List<String> helos) {

  public boolean tls() {
    return protocol != null;
  }
}
