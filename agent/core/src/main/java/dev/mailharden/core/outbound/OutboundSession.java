package dev.mailharden.core.outbound;

import dev.mailharden.core.probe.ClientHello;
import java.time.Instant;
import java.util.List;

/**
 * One SMTP session a host's MTA opened to the {@link OutboundListener}: its EHLO name, whether
 * it asked for STARTTLS and what its ClientHello offered (null without STARTTLS), the
 * handshake's outcome ({@code protocol}/{@code suite}, or {@code tlsError}), the recipients it
 * named and whether a message was handed over (and discarded).
 */
public record OutboundSession(Instant at, String helo, ClientHello hello, String protocol,
    String suite, String tlsError, List<String> recipients, boolean delivered) {

  public OutboundSession {
    recipients = List.copyOf(recipients);
  }

  public boolean startTls() {
    return hello != null;
  }

  /** How a report tells this session, e.g. "STARTTLS, TLSv1.3 TLS_AES_256_GCM_SHA384". */
  public String summary() {
    if (hello == null) {
      return "no STARTTLS (EHLO " + helo + ")";
    }
    return "STARTTLS, offered " + hello.versionLabels() + " with " + hello.suites().size()
        + " suites, " + (tlsError != null ? "handshake failed: " + tlsError
            : "negotiated " + protocol + " " + suite) + " (EHLO " + helo + ")";
  }
}
