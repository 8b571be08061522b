package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Playbook;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.yaml.VaultValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ansible Vault as Debian's ansible-vault (ansible-core 2.14) wrote the fixtures: an inline
 * !vault value (1.1), a whole group_vars file under vault id "ops" (1.2, its password from
 * a script) and a whole host_vars file (1.1).
 */
class VaultInventoryTest {

  static final Path DIR = Path.of("src/test/resources/inventory/vault");
  static final Path TAMPERED = Path.of("src/test/resources/inventory/vault-tampered");
  static final List<String> IDS = List.of("default@" + DIR.resolve("default-password.txt"),
      "ops@" + DIR.resolve("ops-password.sh"));

  static Vault vault(List<String> ids) throws BadInputException {
    return VaultPasswords.load(ids, List.of(), false,
        AnsibleConfig.environmentOnly(name -> null), label -> null);
  }

  static Inventory load(Path dir, Vault vault) throws BadInputException {
    return Inventory.load(List.of(dir.resolve("inventory.yml")), vault,
        Inventory.SCRIPT_DEADLINE);
  }

  @Test
  void wholeEncryptedFilesAreReadAndInlineValuesStayEncryptedUntilUsed() throws Exception {
    Inventory inventory = load(DIR, vault(IDS));
    InventoryHost mx1 = inventory.host("mx1.example.com").orElseThrow();
    InventoryHost mx2 = inventory.host("mx2.example.com").orElseThrow();
    // group_vars/mta.yml, vault id ops (1.2), opened with the script's password
    assertEquals("become-secret-of-ops", mx1.vars().get("ansible_become_password"));
    assertEquals("192.0.2.25", mx1.vars().get("mailharden_public_address"));
    // host_vars/mx2.example.com.yml (1.1) wins over the inventory's ansible_user
    assertEquals("from-encrypted-host-vars", mx2.vars().get("ansible_user"));
    Object inline = mx1.vars().get("ansible_password");
    assertInstanceOf(VaultValue.class, inline);
    assertEquals("<vault>", String.valueOf(inline));
    assertEquals("\"<vault>\"", new ObjectMapper().writeValueAsString(inline));
    assertEquals("ssh secret: with \"quotes\"", mx1.value("ansible_password"));
    ConnectionSpec spec = ConnectionSpecs.from(mx1, SshConfig.none(), name -> null);
    assertEquals(java.util.Optional.of("ssh secret: with \"quotes\""), spec.password());
    assertEquals(java.util.Optional.of("become-secret-of-ops"), spec.become().password());
  }

  @Test
  void secretsNeverShowInTheInventoryJson() throws Exception {
    Inventory inventory = load(DIR, vault(IDS));
    String json = new ObjectMapper().writeValueAsString(InventoryJson.of(inventory.hosts()));
    assertFalse(json.contains("ssh secret"), json);
    assertFalse(json.contains("become-secret-of-ops"), json);
    assertTrue(json.contains("\"ansible_password\":\"<secret>\""), json);
    assertTrue(json.contains("\"ansible_user\":\"from-encrypted-host-vars\""), json);
  }

  @Test
  void aWrongPasswordNamesTheFileAndLine() throws Exception {
    Vault wrong = vault(List.of("default@" + DIR.resolve("wrong-password.txt"),
        "ops@" + DIR.resolve("wrong-password.txt")));
    BadInputException e = assertThrows(BadInputException.class, () -> load(DIR, wrong));
    assertEquals(DIR.resolve("group_vars/mta.yml") + ":1: Ansible Vault (vault id ops) does not"
        + " open with the given passwords (ops, default): wrong password or tampered ciphertext"
        + " (its HMAC does not match)", e.getMessage());
  }

  @Test
  void anInlineValueIsDecryptedOnlyWhenUsedAndAWrongPasswordNamesItsLine() throws Exception {
    Path file = DIR.resolve("inline-only.yml");
    Vault wrong = vault(List.of("inline@" + DIR.resolve("wrong-password.txt")));
    // Reading the inventory needs no password: the value stays encrypted.
    InventoryHost mx9 = Inventory.load(List.of(file), wrong, Inventory.SCRIPT_DEADLINE)
        .host("mx9.example.com").orElseThrow();
    BadInputException e = assertThrows(BadInputException.class,
        () -> mx9.value("mailharden_tls_key"));
    assertEquals(file + ":6: Ansible Vault (vault id inline) does not open with the given"
        + " password (inline): wrong password or tampered ciphertext (its HMAC does not match)",
        e.getMessage());
    Vault right = vault(List.of("inline@" + DIR.resolve("inline-password.txt")));
    assertEquals("/etc/ssl/private/mx9.key", Inventory.load(List.of(file), right,
        Inventory.SCRIPT_DEADLINE).host("mx9.example.com").orElseThrow()
        .value("mailharden_tls_key"));
  }

  @Test
  void playbookVarsAndTheHostVarsTheyNameAreDecrypted() throws Exception {
    Vault right = vault(List.of("inline@" + DIR.resolve("inline-password.txt")));
    InventoryHost mx9 = Inventory.load(List.of(DIR.resolve("inline-only.yml")), right,
        Inventory.SCRIPT_DEADLINE).host("mx9.example.com").orElseThrow();
    Playbook book = Playbook.load(DIR.resolve("playbook.yml"),
        Path.of("../../playbooks/profiles"), right);
    HostValues values = book.plays().get(0).valuesFor(mx9);
    assertEquals("/etc/ssl/private/play.key", values.tlsKey());
    assertEquals("/etc/ssl/private/mx9.pem", values.tlsCert());
  }

  @Test
  void aWholeEncryptedIniInventoryIsRead() throws Exception {
    InventoryHost mx7 = Inventory.load(List.of(DIR.resolve("ini/hosts")), vault(IDS),
        Inventory.SCRIPT_DEADLINE).host("mx7.example.com").orElseThrow();
    assertEquals(List.of("all", "mta"), mx7.groups());
    assertEquals(2207, mx7.vars().get("ansible_port"));
  }

  @Test
  void aTamperedFileIsRefusedWithTheRightPassword() throws Exception {
    BadInputException e = assertThrows(BadInputException.class, () -> load(TAMPERED,
        vault(IDS)));
    assertEquals(TAMPERED.resolve("group_vars/mta.yml") + ":1: Ansible Vault (vault id ops)"
        + " does not open with the given passwords (ops, default): wrong password or tampered"
        + " ciphertext (its HMAC does not match)", e.getMessage());
  }

  @Test
  void noPasswordSaysHowToGiveOne() {
    BadInputException e = assertThrows(BadInputException.class, () -> load(DIR, Vault.NONE));
    assertTrue(e.getMessage().startsWith(DIR.resolve("group_vars/mta.yml") + ":1: encrypted"
        + " with Ansible Vault (vault id ops) but no vault password was given: use"
        + " --vault-password-file, --vault-id"), e.getMessage());
  }

  @Test
  void passwordFilesAreStrippedAndScriptsRun() throws Exception {
    Vault.Secret file = VaultPasswords.fromFile("default", DIR.resolve("default-password.txt"));
    assertEquals("throwaway-default", new String(file.password()));
    Vault.Secret script = VaultPasswords.fromFile("ops", DIR.resolve("ops-password.sh"));
    assertEquals("throwaway-ops", new String(script.password()));
    assertEquals("vault id ops", script.toString());
  }
}
