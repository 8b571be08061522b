package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Vault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dynamic inventories: scripts, ansible-inventory's JSON, several sources merged in order. */
class ScriptInventoryTest {

  static final Path DIR = Path.of("src/test/resources/inventory/scripts");

  static Inventory load(Duration deadline, String... sources) throws BadInputException {
    return Inventory.load(java.util.Arrays.stream(sources).map(DIR::resolve).toList(),
        Vault.NONE, deadline);
  }

  static Inventory load(String... sources) throws BadInputException {
    return load(Inventory.SCRIPT_DEADLINE, sources);
  }

  @Test
  void aScriptWithMetaHostvarsGivesGroupsHostsAndVarsWithGroupVarsBeside() throws Exception {
    Inventory inventory = load("cmdb.py");
    assertEquals(List.of("mx1.example.com", "mx2.example.com", "imap1.example.com"),
        inventory.hosts().stream().map(InventoryHost::name).toList());
    InventoryHost mx1 = inventory.host("mx1.example.com").orElseThrow();
    assertEquals(List.of("all", "mail", "mta"), mx1.groups());
    // group_vars/mta.yml beside the script wins over the script's group vars, as in Ansible
    assertEquals(Map.of("ansible_host", "127.0.0.1", "ansible_port", 2201,
        "ansible_user", "group-vars-user", "mailharden_mail_domains", List.of("example.com")),
        mx1.vars());
    assertEquals(List.of("all", "mail", "mda"),
        inventory.host("imap1.example.com").orElseThrow().groups());
  }

  @Test
  void withoutMetaEachHostIsAskedWithHost() throws Exception {
    Inventory inventory = load("per-host.sh");
    InventoryHost mx1 = inventory.host("mx1.example.com").orElseThrow();
    assertEquals("mx1.example.com", mx1.vars().get("asked"));
    assertEquals("127.0.0.1", mx1.vars().get("ansible_host"));
    assertEquals(null, inventory.host("mx2.example.com").orElseThrow().vars().get("asked"));
  }

  @Test
  void ansibleInventoryListOutputReadsAsTheScriptItCameFrom() throws Exception {
    // cmdb-list.json: `ansible-inventory -i cmdb.py --list`, as ansible-core 2.14 printed it
    Inventory fromJson = load("cmdb-list.json");
    Inventory fromScript = load("cmdb.py");
    for (InventoryHost host : fromScript.hosts()) {
      InventoryHost same = fromJson.host(host.name()).orElseThrow();
      assertEquals(host.groups(), same.groups(), host.name());
      assertEquals(host.vars(), same.vars(), host.name());
    }
    assertEquals(fromScript.hosts().size(), fromJson.hosts().size());
  }

  @Test
  void severalSourcesMergeInOrder() throws Exception {
    InventoryHost mx1 = load("cmdb.py", "extra.yml").host("mx1.example.com").orElseThrow();
    assertEquals(List.of("all", "mail", "submission", "mta"), mx1.groups());
    assertEquals(587, mx1.vars().get("ansible_port"));
    assertEquals(2201, load("extra.yml", "cmdb.py").host("mx1.example.com").orElseThrow()
        .vars().get("ansible_port"));
  }

  @Test
  void aFailingScriptShowsItsStderr() {
    BadInputException e = assertThrows(BadInputException.class, () -> load("fails.sh"));
    assertEquals(DIR.resolve("fails.sh") + ": " + DIR.resolve("fails.sh") + " --list failed"
        + " (exit status 3); its stderr:\ncmdb.example.com: connection refused", e.getMessage());
  }

  @Test
  void aHangingScriptIsKilledAtTheDeadline() {
    long start = System.nanoTime();
    BadInputException e = assertThrows(BadInputException.class,
        () -> load(Duration.ofSeconds(1), "hangs.sh"));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
    assertEquals(DIR.resolve("hangs.sh") + ": " + DIR.resolve("hangs.sh") + " --list did not"
        + " finish within 1 s and was killed; its stderr:\nwaiting for the CMDB...",
        e.getMessage());
  }

  @Test
  void badJsonShowsTheParserAndTheStderr() {
    BadInputException e = assertThrows(BadInputException.class, () -> load("bad-json.sh"));
    assertTrue(e.getMessage().startsWith(DIR.resolve("bad-json.sh") + " --list: printed no"
        + " valid JSON (Unexpected end-of-input"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; its stderr:\ntoken expired, output truncated"),
        e.getMessage());
  }
}
