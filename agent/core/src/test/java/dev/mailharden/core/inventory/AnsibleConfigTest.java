package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.AnsibleConfig.Key;
import dev.mailharden.core.inventory.AnsibleConfig.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible.cfg as Python's configparser reads it for Ansible. */
class AnsibleConfigTest {

  static final Path PROJECT = Path.of("../../inventory-examples/ansible-project");

  @TempDir Path dir;

  @Test
  void theExampleProjectsSettings() throws Exception {
    AnsibleConfig config = AnsibleConfig.load(PROJECT.resolve("ansible.cfg"), name -> null);
    Path base = PROJECT.toAbsolutePath().normalize();
    assertEquals(List.of(base.resolve("inventory/mail.yml"), base.resolve("inventory/cmdb.py")),
        config.get(Key.INVENTORY).orElseThrow().paths());
    assertEquals("mailadmin", config.get(Key.REMOTE_USER).orElseThrow().value());
    assertEquals(10, config.get(Key.FORKS).orElseThrow().positive());
    assertEquals(5, config.get(Key.TIMEOUT).orElseThrow().positive());
    assertFalse(config.get(Key.HOST_KEY_CHECKING).orElseThrow().bool());
    assertEquals(true, config.get(Key.BECOME).orElseThrow().bool());
    assertEquals("root", config.get(Key.BECOME_USER).orElseThrow().value());
    assertEquals(List.of("default@vault-password.txt", "appliances@appliances-password.sh"),
        config.get(Key.VAULT_IDENTITY_LIST).orElseThrow().list());
    assertEquals(16, config.get(Key.HOST_KEY_CHECKING).orElseThrow().origin().line());
  }

  @Test
  void environmentWinsAndInlineCommentsContinuationsAndColonsAreConfigparsers()
      throws Exception {
    Path cfg = Files.writeString(dir.resolve("ansible.cfg"), String.join("\n",
        "# comment", "[defaults]", "forks: 7 ; inline comment", "remote_user = ops;not-a-comment",
        "inventory = a.yml,", "    b.yml", "[privilege_escalation]", "become_user=admin", ""));
    AnsibleConfig config = AnsibleConfig.load(cfg, Map.of("ANSIBLE_BECOME_USER", "env-user")::get);
    assertEquals(7, config.get(Key.FORKS).orElseThrow().positive());
    assertEquals("ops;not-a-comment", config.get(Key.REMOTE_USER).orElseThrow().value());
    assertEquals(List.of(dir.resolve("a.yml"), dir.resolve("b.yml")),
        config.get(Key.INVENTORY).orElseThrow().paths());
    Setting user = config.get(Key.BECOME_USER).orElseThrow();
    assertEquals("env-user", user.value());
    assertEquals("$ANSIBLE_BECOME_USER", user.origin().toString().replace(":0", ""));
  }

  @Test
  void errorsNameFileAndLine() throws Exception {
    Path cfg = Files.writeString(dir.resolve("ansible.cfg"),
        "[defaults]\nforks = many\nforks = 5\n");
    BadInputException twice = assertThrows(BadInputException.class,
        () -> AnsibleConfig.load(cfg, name -> null));
    assertEquals(cfg + ":3: 'forks' set twice in [defaults] (first at line 2)",
        twice.getMessage());
    Files.writeString(cfg, "[defaults]\nforks = many\n");
    BadInputException bad = assertThrows(BadInputException.class,
        () -> AnsibleConfig.load(cfg, name -> null).get(Key.FORKS).orElseThrow().positive());
    assertEquals(cfg + ":2: 'many' is not a positive whole number", bad.getMessage());
  }

  @Test
  void foundThroughAnsibleConfigFirst() throws Exception {
    Path cfg = Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
    AnsibleConfig byFile = AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", cfg.toString())::get);
    assertEquals(cfg, byFile.file().orElseThrow());
    AnsibleConfig byDir = AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", dir.toString())::get);
    assertEquals(cfg, byDir.file().orElseThrow());
  }

  @Test
  void connectionDefaultsComeUnderInventoryVariables() throws Exception {
    Path cfg = Files.writeString(dir.resolve("ansible.cfg"), String.join("\n", "[defaults]",
        "remote_user = cfg-user", "private_key_file = id_test", "[privilege_escalation]",
        "become = yes", "become_user = mail", ""));
    Files.writeString(dir.resolve("id_test"), "not read here");
    Path inv = Files.writeString(dir.resolve("inventory.yml"), String.join("\n", "all:",
        "  hosts:", "    mx1.example.com:", "    mx2.example.com:",
        "      ansible_user: inv-user", "      ansible_become: no", ""));
    ConnectionSpecs.Defaults defaults =
        ConnectionSpecs.Defaults.of(AnsibleConfig.load(cfg, name -> null));
    Inventory inventory = Inventory.load(inv);
    var mx1 = ConnectionSpecs.from(inventory.host("mx1.example.com").orElseThrow(),
        SshConfig.none(), name -> null, defaults);
    assertEquals("cfg-user", mx1.user());
    assertEquals(java.util.Optional.of(dir.resolve("id_test")), mx1.identityFile());
    assertEquals(true, mx1.become().enabled());
    assertEquals("mail", mx1.become().user());
    var mx2 = ConnectionSpecs.from(inventory.host("mx2.example.com").orElseThrow(),
        SshConfig.none(), name -> null, defaults);
    assertEquals("inv-user", mx2.user());
    assertEquals(false, mx2.become().enabled());
  }
}
