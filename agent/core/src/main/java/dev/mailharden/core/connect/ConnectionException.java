package dev.mailharden.core.connect;

/** A host could not be reached or used; the message names the host and what to do. */
public class ConnectionException extends Exception {

  /** The failure classes a report distinguishes. */
  public enum Kind {
    UNREACHABLE,
    HOST_KEY_UNKNOWN,
    HOST_KEY_CHANGED,
    AUTH_FAILED,
    BECOME_FAILED,
    CONNECTION_LOST,
    /** An appliance's CLI showed a prompt or screen its dialogue did not expect. */
    DIALOGUE
  }

  private final String host;
  private final Kind kind;

  public ConnectionException(String host, Kind kind, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.host = host;
    this.kind = kind;
  }

  public ConnectionException(String host, Kind kind, String message) {
    this(host, kind, message, null);
  }

  public String host() {
    return host;
  }

  public Kind kind() {
    return kind;
  }
}
