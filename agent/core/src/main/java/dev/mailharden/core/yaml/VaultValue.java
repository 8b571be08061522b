package dev.mailharden.core.yaml;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mailharden.core.BadInputException;

/**
 * An inline {@code !vault} value, kept encrypted until something uses it: {@link #reveal}
 * decrypts it. Printed or serialized, it shows only that it is a vault.
 */
public final class VaultValue {

  public static final String MASK = "<vault>";

  private final String envelope;
  private final Origin origin;
  private final Vault vault;

  public VaultValue(String envelope, Origin origin, Vault vault) {
    this.envelope = envelope;
    this.origin = origin;
    this.vault = vault;
  }

  /** The plaintext; a wrong password or a damaged vault names where the value is written. */
  public String reveal() throws BadInputException {
    return vault.decrypt(envelope, origin);
  }

  public Origin origin() {
    return origin;
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }
}
