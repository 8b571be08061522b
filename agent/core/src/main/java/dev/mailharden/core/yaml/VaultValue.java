package dev.mailharden.core.yaml;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mailharden.core.BadInputException;

/**
 * An inline {@code !vault} value, kept encrypted until something uses it: {@link #reveal}
 * decrypts it. Printed or serialized, it shows only that it is a vault.
 *
 * @param envelope the ciphertext as ansible-vault wrote it
 * @param origin where the value is written, for errors
 * @param vault the passwords to open it with
 */
public record VaultValue(String envelope, Origin origin, Vault vault) {

  public static final String MASK = "<vault>";

  /** The plaintext; a wrong password or a damaged vault names where the value is written. */
  public String reveal() throws BadInputException {
    return vault.decrypt(envelope, origin);
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }
}
