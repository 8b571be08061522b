package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailharden facts} against every lab host, checked against the hosts' own commands. */
@Tag("lab")
class FactsCommandLabTest {

  static List<LabHost> hosts;
  @TempDir Path tmp;

  @BeforeAll
  static void startLab() {
    hosts = List.of(
        Lab.shared(LabFlavor.POSTFIX_DOVECOT, "trixie"),
        Lab.shared(LabFlavor.POSTFIX_DOVECOT, "bookworm"),
        Lab.shared(LabFlavor.EXIM_CYRUS, "trixie"),
        Lab.shared(LabFlavor.EXIM_CYRUS, "bookworm"));
  }


  private Path inventory(String extraHosts) throws Exception {
    StringBuilder b = new StringBuilder("all:\n  vars:\n    ansible_user: root\n"
        + "    ansible_ssh_private_key_file: " + hosts.get(0).sshKey() + "\n  children:\n"
        + "    lab:\n      hosts:\n");
    for (LabHost h : hosts) {
      b.append("        ").append(h.name()).append(":\n          ansible_host: ")
          .append(h.address()).append('\n');
    }
    b.append(extraHosts);
    Path inv = tmp.resolve("inventory.yml");
    Files.writeString(inv, b.toString());
    return inv;
  }

  /** What the host itself prints, taken inside the container (not through mailharden). */
  private static Map<String, String> versionsAsPrinted(LabHost h) {
    Map<String, String> v = new HashMap<>();
    if (h.flavor() == LabFlavor.POSTFIX_DOVECOT) {
      v.put("postfix", Lab.exec(h, "postconf -h mail_version").strip());
      v.put("dovecot", Lab.exec(h, "dovecot --version").strip().split(" ")[0]);
    } else {
      v.put("exim", Lab.exec(h, "exim4 -bV | head -n 1").strip().split(" ")[2]);
      v.put("cyrus", Lab.exec(h, "/usr/lib/cyrus/bin/master -V 2>&1 | head -n 1").strip()
          .split(" ")[1].split("-")[0]);
    }
    return v;
  }

  @Test
  void jsonReportsEveryProductAndVersionAsTheHostPrintsItAndUnreachableHostsApart()
      throws Exception {
    Path inv = inventory("    gone:\n      hosts:\n        gone.lab.mailharden.test:\n"
        + "          ansible_host: 127.0.2.254\n");
    Cli.Run r = Cli.run("facts", "-i", inv.toString(), "--known-hosts",
        tmp.resolve("kh").toString(), "--accept-new-host-keys", "--json");
    assertEquals(1, r.exit(), "one host is unreachable: " + r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    Map<String, JsonNode> byHost = new HashMap<>();
    report.get("hosts").forEach(n -> byHost.put(n.get("host").asText(), n));
    assertEquals("UNREACHABLE", byHost.get("gone.lab.mailharden.test").get("status").asText());
    for (LabHost h : hosts) {
      JsonNode n = byHost.get(h.name());
      assertEquals("OK", n.get("status").asText(), h.name() + ": " + n);
      JsonNode facts = n.get("result");
      assertEquals("debian", facts.get("osId").asText());
      assertEquals("sysvinit", facts.get("initSystem").asText());
      Map<String, String> reported = new HashMap<>();
      facts.get("products").forEach(p ->
          reported.put(p.get("product").asText(), p.get("version").asText()));
      assertEquals(versionsAsPrinted(h), reported, h.name());
      List<Integer> ports = new java.util.ArrayList<>();
      facts.get("listening").forEach(p -> {
        if (p.get("address").asText().equals(h.address())) {
          ports.add(p.get("port").asInt());
        }
      });
      assertTrue(ports.containsAll(h.flavor().stockMailPorts()), h.name() + " ports " + ports);
    }
    JsonNode exim = byHost.get(hosts.get(2).name()).get("result").get("products");
    exim.forEach(p -> {
      if (p.get("product").asText().equals("exim")) {
        assertEquals("gnutls", p.get("details").get("tls_library").asText());
        assertEquals("debian-split", p.get("details").get("config_style").asText());
      }
    });
  }

  @Test
  void becomeWithSudoPasswordNeverShowsThePassword() throws Exception {
    LabHost h = hosts.get(0);
    Path inv = tmp.resolve("become.ini");
    Files.writeString(inv, "[mta]\n" + h.name() + " ansible_host=" + h.address()
        + " ansible_user=admin ansible_ssh_private_key_file=" + h.sshKey()
        + " ansible_become=true ansible_become_password=" + Lab.ADMIN_PASSWORD + "\n");
    Cli.Run r = Cli.run("facts", "-i", inv.toString(), "--known-hosts",
        tmp.resolve("kh").toString(), "--accept-new-host-keys");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("postfix " + versionsAsPrinted(h).get("postfix")), r.out());
    assertFalse((r.out() + r.err()).contains(Lab.ADMIN_PASSWORD), "password leaked");
    Cli.Run j = Cli.run("facts", "-i", inv.toString(), "--known-hosts",
        tmp.resolve("kh").toString(), "--json");
    assertEquals(0, j.exit(), j.err());
    assertFalse((j.out() + j.err()).contains(Lab.ADMIN_PASSWORD), "password leaked in JSON");
  }

  @Test
  void badInventoryFailsWithExitTwoBeforeAnyConnection() throws Exception {
    Path inv = inventory("    broken:\n      hosts:\n        mx9.lab.mailharden.test:\n"
        + "          ansible_host: 127.0.2.253\n"
        + "          ansible_ssh_private_key_file: /nonexistent/key\n");
    Path knownHosts = tmp.resolve("kh-untouched");
    Cli.Run r = Cli.run("facts", "-i", inv.toString(), "--known-hosts", knownHosts.toString(),
        "--accept-new-host-keys");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(inv + ":"), r.err());
    assertTrue(r.err().contains("/nonexistent/key"), r.err());
    // With --accept-new-host-keys any connection would have recorded a key.
    assertFalse(Files.exists(knownHosts), "a host was contacted despite bad input");
  }
}
