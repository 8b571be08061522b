package dev.mailharden.core.probe;

import java.util.List;

/**
 * What a mail server shows and allows before TLS.
 *
 * @param capabilities the capabilities as listed (EHLO keywords, IMAP CAPABILITY atoms, CAPA
 *     lines)
 * @param authMechanisms SASL mechanisms offered before TLS
 * @param plaintextLoginAdvertised a password login is advertised before TLS: SMTP any AUTH,
 *     IMAP no LOGINDISABLED, POP3 USER
 * @param plaintextLogin what the server did with obviously fake credentials sent in clear
 * @param mailFromRefused SMTP submission only: MAIL FROM before TLS was refused (null when not
 *     tried)
 */
public record PlaintextPhase(
    List<String> capabilities, boolean startTlsOffered, List<String> authMechanisms,
    boolean plaintextLoginAdvertised, LoginOutcome plaintextLogin, String loginReply,
    Boolean mailFromRefused, String mailFromReply) {

  /** What happened to a cleartext login attempt with fake credentials. */
  public enum LoginOutcome {
    /** Refused before the credentials were looked at: TLS is required to log in. */
    REFUSED,
    /** The credentials were checked (and failed): real ones would have travelled in clear. */
    CHECKED,
    /** The fake credentials were accepted. */
    ACCEPTED
  }
}
