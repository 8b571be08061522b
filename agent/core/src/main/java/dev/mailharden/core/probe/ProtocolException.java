package dev.mailharden.core.probe;

import java.io.IOException;

/** The server's plaintext dialogue did not go as the protocol says. */
public class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
