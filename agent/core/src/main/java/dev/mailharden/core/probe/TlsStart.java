package dev.mailharden.core.probe;

import java.util.List;

/** How TLS begins on an endpoint: a STARTTLS dialogue, or TLS from the first byte. */
public enum TlsStart {
  SMTP(MailDialogue.SMTP),
  IMAP(MailDialogue.IMAP),
  POP3(MailDialogue.POP3),
  IMPLICIT(null);

  /** The well-known mail ports, in the order an admin reads them: SMTP, then IMAP, POP3. */
  public static final List<Integer> MAIL_PORTS = List.of(25, 465, 587, 143, 993, 110, 995);

  private final MailDialogue dialogue;

  TlsStart(MailDialogue dialogue) {
    this.dialogue = dialogue;
  }

  /** The plaintext dialogue before STARTTLS; null for implicit TLS. */
  public MailDialogue dialogue() {
    return dialogue;
  }

  /** The usual choice for a well-known mail port (465, 993, 995: implicit TLS). */
  public static TlsStart forPort(int port) {
    return switch (port) {
      case 465, 993, 995 -> IMPLICIT;
      default -> valueOf(MailDialogue.forPort(port).name());
    };
  }
}
