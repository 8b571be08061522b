package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.ConnectionSpec.Become;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSpecsTest {

  static final Path DIR = Path.of("src/test/resources/inventory/connect");
  static final Path KEYS = DIR.resolve("keys").toAbsolutePath();
  static final Function<String, String> ENV =
      Map.of("MAILHARDEN_SSH_KEY_PASSPHRASE", "from-env")::get;
  static Inventory inventory;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws Exception {
    inventory = Inventory.load(DIR.resolve("inventory.yml"));
  }

  static ConnectionSpec spec(String host, SshConfig ssh) throws BadInputException {
    return ConnectionSpecs.from(inventory.host(host).orElseThrow(), ssh, ENV);
  }

  SshConfig sshConfig(String text) throws Exception {
    Path file = tmp.resolve("config");
    Files.writeString(file, text);
    return SshConfig.load(file);
  }

  @Test
  void ansibleVariablesMapOntoTheSpec() throws Exception {
    assertEquals(
        new ConnectionSpec("mx1.example.com", "192.0.2.11", 2200, "deploy",
            Optional.of(KEYS.resolve("id_mx")), Optional.of("from-inventory"),
            Optional.of("ssh-secret"), new Become(true, "postfix", Optional.of("sudo-secret"))),
        spec("mx1.example.com", SshConfig.none()));
  }

  @Test
  void defaultsWithoutSshConfig() throws Exception {
    assertEquals(
        new ConnectionSpec("mx2.example.com", "mx2.example.com", 22,
            System.getProperty("user.name"), Optional.empty(), Optional.of("from-env"),
            Optional.empty(), new Become(false, "root", Optional.empty())),
        spec("mx2.example.com", SshConfig.none()));
  }

  @Test
  void sshConfigFillsWhatTheInventoryLeavesOut() throws Exception {
    SshConfig ssh = sshConfig("""
        Host mx2.example.com
          User mailops
          Port 2022

        Host *
          IdentityFile %s
          IdentityFile %s
        """.formatted(tmp.resolve("missing_key"), KEYS.resolve("id_from_ssh_config")));
    ConnectionSpec mx2 = spec("mx2.example.com", ssh);
    assertEquals("mailops", mx2.user());
    assertEquals(2022, mx2.port());
    // ssh skips identity files that do not exist.
    assertEquals(Optional.of(KEYS.resolve("id_from_ssh_config")), mx2.identityFile());
  }

  @Test
  void inventoryWinsOverSshConfigWhichMapsTheAnsibleHost() throws Exception {
    SshConfig ssh = sshConfig("""
        Host mx3-alias
          HostName 198.51.100.3
          User ignored
          Port 2022

        Host mx1.example.com 192.0.2.11
          User ignored
          Port 2022
          IdentityFile %s
        """.formatted(KEYS.resolve("id_from_ssh_config")));
    ConnectionSpec mx3 = spec("mx3.example.com", ssh);
    // ssh is handed ansible_host, so the config's HostName for that alias applies.
    assertEquals("198.51.100.3", mx3.address());
    assertEquals("operator", mx3.user());
    assertEquals(2022, mx3.port());
    // The last Ansible name set wins: ansible_ssh_password over ansible_ssh_pass.
    assertEquals(Optional.of("newest-name"), mx3.password());

    ConnectionSpec mx1 = spec("mx1.example.com", ssh);
    assertEquals("deploy", mx1.user());
    assertEquals(2200, mx1.port());
    assertEquals(Optional.of(KEYS.resolve("id_mx")), mx1.identityFile());
  }

  @Test
  void missingSshConfigFileIsNoConfig() throws Exception {
    assertEquals(spec("mx2.example.com", SshConfig.none()),
        spec("mx2.example.com", SshConfig.load(tmp.resolve("no-such-config"))));
  }

  static BadInputException bad(String host) throws Exception {
    Inventory bad = Inventory.load(DIR.resolve("bad.yml"));
    return assertThrows(BadInputException.class,
        () -> ConnectionSpecs.from(bad.host(host).orElseThrow(), SshConfig.none(), ENV));
  }

  @Test
  void missingKeyFileNamesTheVariableLineAndThePath() throws Exception {
    assertEquals(DIR.resolve("bad.yml") + ":4: ansible_ssh_private_key_file: no such private key"
            + " file: " + DIR.toAbsolutePath().resolve("keys/no_such_key"),
        bad("missing-key.example.com").getMessage());
  }

  @Test
  void tildeIsTheHomeDirectory() throws Exception {
    assertEquals(DIR.resolve("bad.yml") + ":10: ansible_ssh_private_key_file: no such private"
            + " key file: " + Path.of(System.getProperty("user.home"), ".mailharden-test-no-such-key"),
        bad("home-key.example.com").getMessage());
  }

  @Test
  void nonNumericPort() throws Exception {
    assertEquals(DIR.resolve("bad.yml") + ":6: ansible_port: 'smtp' is not a port number"
        + " (1-65535)", bad("bad-port.example.com").getMessage());
  }

  @Test
  void becomeThatIsNotABoolean() throws Exception {
    assertEquals(DIR.resolve("bad.yml") + ":8: ansible_become: 'maybe' is not a boolean (use"
        + " true/false, yes/no or 1/0)", bad("bad-become.example.com").getMessage());
  }
}
