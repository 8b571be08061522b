package dev.mailharden.core.yaml;

import dev.mailharden.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ansible Vault's passwords and its AES256 format (1.1, and 1.2 which names a vault id),
 * decrypted with the JDK's own crypto: PBKDF2-HMAC-SHA256 (10000 rounds) derives the AES
 * key, the HMAC key and the counter's start; the HMAC-SHA256 of the ciphertext is checked
 * before anything is decrypted.
 */
public final class Vault {

  public static final String HEADER = "$ANSIBLE_VAULT;";

  /** No password was given: reading a vault is an error that says how to give one. */
  public static final Vault NONE = new Vault(List.of());

  private static final int ROUNDS = 10000;
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 16;
  private static final int AES_BLOCK = 16;

  /** One password and the vault id (label) it was given for; "default" when none. */
  public record Secret(String label, byte[] password) {
    @Override
    public String toString() {
      return "vault id " + label; // never the password
    }
  }

  private final List<Secret> secrets;
  /**
   * Plaintexts by envelope: a group's vault value is used by each of its hosts, and each
   * PBKDF2 derivation costs 10000 rounds.
   */
  private final Map<String, String> opened = new ConcurrentHashMap<>();

  public Vault(List<Secret> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  public static boolean isEncrypted(String text) {
    return text.stripLeading().startsWith(HEADER);
  }

  /**
   * The plaintext of {@code envelope} (a vault as ansible-vault writes it). A password whose
   * label is the envelope's vault id is tried first, then the others, as Ansible does.
   */
  public String decrypt(String envelope, Origin at) throws BadInputException {
    String known = opened.get(envelope);
    if (known != null) {
      return known;
    }
    String plain = open(envelope, at);
    opened.put(envelope, plain);
    return plain;
  }

  private String open(String envelope, Origin at) throws BadInputException {
    List<String> lines = envelope.strip().lines().map(String::strip).toList();
    String[] header = lines.get(0).split(";");
    if (header.length < 3 || !header[2].equals("AES256")
        || !(header[1].equals("1.1") || header[1].equals("1.2"))) {
      throw at.error("unsupported Ansible Vault header '" + lines.get(0)
          + "' (expected $ANSIBLE_VAULT;1.1;AES256 or $ANSIBLE_VAULT;1.2;AES256;ID)");
    }
    String vaultId = header.length > 3 ? header[3] : null;
    if (secrets.isEmpty()) {
      throw at.error("encrypted with Ansible Vault" + (vaultId == null ? "" : " (vault id "
          + vaultId + ")") + " but no vault password was given: use --vault-password-file,"
          + " --vault-id, --ask-vault-pass or ANSIBLE_VAULT_PASSWORD_FILE");
    }
    byte[][] parts = parts(String.join("", lines.subList(1, lines.size())), at);
    List<Secret> order = new ArrayList<>();
    secrets.stream().filter(s -> s.label().equals(vaultId)).forEach(order::add);
    secrets.stream().filter(s -> !s.label().equals(vaultId)).forEach(order::add);
    for (Secret secret : order) {
      byte[] plain = decrypt(parts[0], parts[1], parts[2], secret.password());
      if (plain != null) {
        return unpad(plain, at);
      }
    }
    throw at.error("Ansible Vault" + (vaultId == null ? "" : " (vault id " + vaultId + ")")
        + " does not open with the given password"
        + (order.size() == 1 ? " (" : "s (") + order.stream().map(Secret::label)
            .collect(Collectors.joining(", ")) + "): wrong password or tampered ciphertext"
        + " (its HMAC does not match)");
  }

  /** salt, HMAC, ciphertext: hex of three hex lines. */
  private static byte[][] parts(String hex, Origin at) throws BadInputException {
    try {
      String[] inner = new String(HexFormat.of().parseHex(hex), StandardCharsets.US_ASCII)
          .split("\n");
      if (inner.length != 3) {
        throw at.error("damaged Ansible Vault: expected salt, HMAC and ciphertext");
      }
      byte[][] parts = new byte[3][];
      for (int i = 0; i < 3; i++) {
        parts[i] = HexFormat.of().parseHex(inner[i].strip());
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw at.error("damaged Ansible Vault: not hexadecimal (" + e.getMessage() + ")");
    }
  }

  /** The padded plaintext, or null when the HMAC says this password is not the one. */
  private static byte[] decrypt(byte[] salt, byte[] hmac, byte[] ciphertext, byte[] password) {
    try {
      char[] chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(password)).array();
      PBEKeySpec spec = new PBEKeySpec(Arrays.copyOf(chars, chars.length), salt, ROUNDS,
          (2 * KEY_BYTES + IV_BYTES) * 8);
      byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(spec).getEncoded();
      spec.clearPassword();
      Arrays.fill(chars, '\0');
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derived, KEY_BYTES, KEY_BYTES, "HmacSHA256"));
      if (!MessageDigest.isEqual(mac.doFinal(ciphertext), hmac)) {
        return null;
      }
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, 0, KEY_BYTES, "AES"),
          new IvParameterSpec(derived, 2 * KEY_BYTES, IV_BYTES));
      return aes.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2/HMAC-SHA256/AES-CTR", e);
    }
  }

  /** Ansible pads with PKCS#7 to AES's block before encrypting. */
  private static String unpad(byte[] padded, Origin at) throws BadInputException {
    int pad = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
    if (pad < 1 || pad > AES_BLOCK || pad > padded.length) {
      throw at.error("damaged Ansible Vault: bad padding after decryption");
    }
    return new String(padded, 0, padded.length - pad, StandardCharsets.UTF_8);
  }
}
