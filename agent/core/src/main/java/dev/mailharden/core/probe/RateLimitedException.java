package dev.mailharden.core.probe;

/** The server greeted with "come back later" (SMTP 421, IMAP BYE, POP3 -ERR): not a TLS fact. */
public class RateLimitedException extends ProtocolException {
  public RateLimitedException(String greeting) {
    super("rate limited: " + greeting);
  }
}
