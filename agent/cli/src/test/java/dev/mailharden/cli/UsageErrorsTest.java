package dev.mailharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every usage error is exit 2, with nothing contacted (the host's address answers nothing). */
class UsageErrorsTest {

  @TempDir Path tmp;

  private Path inventory() throws Exception {
    Path inv = tmp.resolve("inv.yml");
    // Port 9 on loopback: a contacted host would fail as unreachable (exit 1), not 2.
    Files.writeString(inv, "all:\n  hosts:\n    mx1:\n      ansible_host: 127.0.0.1\n"
        + "      ansible_port: 9\n");
    return inv;
  }

  private String[] err = new String[1];

  private int run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter e = new StringWriter();
    int code = MailHarden.run(new PrintWriter(out), new PrintWriter(e), args);
    err[0] = e.toString();
    return code;
  }

  private int withInventory(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-i", inventory().toString(), "--known-hosts",
        tmp.resolve("known_hosts").toString()));
    return run(all.toArray(String[]::new));
  }

  @Test
  void unknownOptionIsExit2() throws Exception {
    assertEquals(2, withInventory("facts", "--no-such-option", "pw"), err[0]);
    assertTrue(err[0].contains("--no-such-option"), err[0]);
  }

  @Test
  void numbersOutOfRangeAreExit2NamingTheOption() throws Exception {
    for (String[] bad : new String[][] {{"--forks", "0"}, {"--connect-timeout", "-1"},
        {"--command-timeout", "0"}, {"--max-fail-percentage", "-5"},
        {"--max-fail-percentage", "101"}}) {
      assertEquals(2, withInventory("apply", bad[0], bad[1]), String.join(" ", bad) + err[0]);
      assertTrue(err[0].contains(bad[0]), err[0]);
    }
  }

  @Test
  void missingSshConfigIsExit2() throws Exception {
    assertEquals(2, withInventory("facts", "--ssh-config", "/nonexistent"), err[0]);
    assertTrue(err[0].contains("/nonexistent"), err[0]);
  }

  @Test
  void malformedLimitRegexIsExit2() throws Exception {
    assertEquals(2, withInventory("facts", "-l", "~["), err[0]);
    assertTrue(err[0].contains("~["), err[0]);
    assertFalse(err[0].contains("Exception"), err[0]);
  }

  /** Not a usage error, but the same stage: the JSON report is the owner's alone. */
  @Test
  void jsonReportIsCreatedOwnerOnly() throws Exception {
    Path json = tmp.resolve("run.json");
    System.setProperty("mailharden.home", Path.of("../..").toAbsolutePath().toString());
    assertEquals(1, withInventory("apply", "--check", "--json", json.toString(),
        "--connect-timeout", "2"), err[0]);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(json)));
    assertTrue(Files.readString(json).contains("unreachable"), Files.readString(json));
  }
}
