package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault and inventory scripts through the command line: bad input is exit 2 naming file and
 * line with no host contacted (a listening socket stands for the host and must see no
 * connection), and secrets never reach the output.
 */
class VaultCliTest {

  static final Path REPO =
      Path.of(System.getProperty("mailharden.repo", "..")).toAbsolutePath().normalize();
  /** Encrypted by Debian's ansible-vault, with their throwaway passwords beside them. */
  static final Path VAULT = REPO.resolve("agent/core/src/test/resources/inventory/vault");
  static final Path SCRIPTS = REPO.resolve("agent/core/src/test/resources/inventory/scripts");

  @TempDir Path dir;

  /**
   * An inventory whose one host is {@code host:port} and becomes root, with the fixture's
   * inline vault value (encrypted with default-password.txt) as its become password, on line 7.
   */
  Path inventory(ServerSocket host) throws Exception {
    List<String> fixture = Files.readAllLines(VAULT.resolve("inventory.yml"));
    int start = fixture.indexOf("      ansible_password: !vault |");
    StringBuilder text = new StringBuilder("all:\n  hosts:\n    mx1.example.com:\n"
        + "      ansible_host: 127.0.0.1\n      ansible_port: " + host.getLocalPort() + "\n"
        + "      ansible_become: true\n      ansible_become_password: !vault |\n");
    for (String line : fixture.subList(start + 1, start + 7)) {
      text.append(line).append('\n');
    }
    return Files.writeString(dir.resolve("inventory.yml"), text);
  }

  static ServerSocket host() throws Exception {
    ServerSocket socket = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
    socket.setSoTimeout(300);
    return socket;
  }

  static void assertNotContacted(ServerSocket host) {
    assertThrows(SocketTimeoutException.class, () -> {
      try (Socket contacted = host.accept()) {
        contacted.getPort();
      }
    }, "the host was contacted");
  }

  @Test
  void aWrongVaultPasswordIsExit2NamingFileAndLineWithNoHostContacted() throws Exception {
    try (ServerSocket host = host()) {
      Path inventory = inventory(host);
      Cli.Run run = Cli.run("facts", "-i", inventory.toString(), "--vault-password-file",
          VAULT.resolve("wrong-password.txt").toString());
      assertEquals(2, run.exit(), run.err());
      assertEquals("mailharden: " + inventory + ":7: Ansible Vault does not open with the given"
          + " password (default): wrong password or tampered ciphertext (its HMAC does not"
          + " match)\n", run.err());
      assertNotContacted(host);
    }
  }

  @Test
  void noVaultPasswordIsExit2SayingHowToGiveOne() throws Exception {
    try (ServerSocket host = host()) {
      Path inventory = inventory(host);
      Cli.Run run = Cli.run("facts", "-i", inventory.toString());
      assertEquals(2, run.exit(), run.err());
      assertTrue(run.err().startsWith("mailharden: " + inventory + ":7: encrypted with Ansible"
          + " Vault but no vault password was given: use --vault-password-file"), run.err());
      assertNotContacted(host);
    }
  }

  @Test
  void aTamperedFileIsExit2() {
    Path tampered = VAULT.resolveSibling("vault-tampered");
    Cli.Run run = Cli.run("facts", "-i", tampered.resolve("inventory.yml").toString(),
        "--vault-id", "default@" + VAULT.resolve("default-password.txt"),
        "--vault-id", "ops@" + VAULT.resolve("ops-password.sh"));
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().startsWith("mailharden: " + tampered.resolve("group_vars/mta.yml")
        + ":1: Ansible Vault (vault id ops) does not open"), run.err());
  }

  @Test
  void theRightPasswordOpensTheValueWhichNeverShows() throws Exception {
    try (ServerSocket host = host()) {
      Path inventory = inventory(host);
      // The "host" takes the connection and closes it: facts fails there, after the vault
      // value was decrypted for the connection.
      Thread closer = new Thread(() -> {
        try (Socket s = host.accept()) {
          s.getPort();
        } catch (Exception ignored) {
          // none came: the assertion below says so
        }
      });
      host.setSoTimeout(30_000);
      closer.start();
      Cli.Run run = Cli.run("facts", "--json", "-i", inventory.toString(),
          "--vault-password-file", VAULT.resolve("default-password.txt").toString());
      closer.join();
      assertEquals(1, run.exit(), run.err());
      assertTrue(run.out().contains("\"ansible_become_password\" : \"<secret>\""), run.out());
      assertTrue(run.out().contains("\"host\" : \"mx1.example.com\""), run.out());
      assertFalse((run.out() + run.err()).contains("ssh secret"), run.out() + run.err());
    }
  }

  @Test
  void aFailingInventoryScriptIsExit2WithItsStderr() {
    Cli.Run run = Cli.run("facts", "-i", SCRIPTS.resolve("fails.sh").toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals("mailharden: " + SCRIPTS.resolve("fails.sh") + ": " + SCRIPTS.resolve("fails.sh")
        + " --list failed (exit status 3); its stderr:\ncmdb.example.com: connection refused\n",
        run.err());
  }
}
