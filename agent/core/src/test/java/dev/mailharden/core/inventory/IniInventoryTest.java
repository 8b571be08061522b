package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IniInventoryTest {

  static final Path FILE = Path.of("src/test/resources/inventory/ini/mail.ini");
  static Inventory inventory;

  @BeforeAll
  static void load() throws Exception {
    inventory = Inventory.load(FILE);
  }

  static InventoryHost host(String name) {
    return inventory.host(name).orElseThrow();
  }

  @Test
  void rangesExpandInOrder() {
    assertEquals(
        List.of("bastion.example.com", "mx01.example.com", "mx02.example.com", "mx03.example.com",
            "relay.example.com", "imapa.example.com", "imapb.example.com", "lab1.example.com",
            "lab3.example.com", "lab5.example.com"),
        inventory.hosts().stream().map(InventoryHost::name).toList());
  }

  @Test
  void linesBeforeTheFirstSectionAreUngrouped() {
    InventoryHost bastion = host("bastion.example.com");
    assertEquals(List.of("all", "ungrouped"), bastion.groups());
    assertEquals("203.0.113.5", bastion.vars().get("ansible_host"));
  }

  @Test
  void childrenMayBeDeclaredLater() {
    assertEquals(List.of("all", "mail", "lab"), host("lab3.example.com").groups());
    assertEquals(List.of("all", "mail", "mda", "mta"), host("mx02.example.com").groups());
  }

  @Test
  void childGroupVarsWinOverParentAndAll() {
    assertEquals("TLSv1.3", host("mx01.example.com").vars().get("tls_min_version"));
    assertEquals("TLSv1.2", host("imapa.example.com").vars().get("tls_min_version"));
    assertEquals("deploy", host("imapa.example.com").vars().get("ansible_user"));
    assertEquals(new Origin(FILE, 24), host("imapa.example.com").origin("tls_min_version"));
  }

  @Test
  void inlineHostVarsWinOverGroupVarsAndKeepQuotedSpaces() {
    InventoryHost relay = host("relay.example.com");
    // relay.example.com:2525 sets ansible_port, which beats [mta:vars] ansible_port=22.
    assertEquals(2525, relay.vars().get("ansible_port"));
    assertEquals("mail admin", relay.vars().get("ansible_user"));
    assertEquals(new Origin(FILE, 6), relay.origin("ansible_port"));
    assertEquals(22, host("mx01.example.com").vars().get("ansible_port"));
    assertEquals("edge", host("mx03.example.com").vars().get("tier"));
  }

  @Test
  void valuesArePythonLiteralsOrElseStrings() {
    assertEquals(10, host("relay.example.com").vars().get("weight"));
    assertEquals(List.of("a.example.com", "b.example.com"),
        host("mx01.example.com").vars().get("relays"));
    // literal_eval("true") fails in Python, so Ansible keeps the string.
    assertEquals("true", host("lab5.example.com").vars().get("ansible_become"));
  }

  @Test
  void fileWithoutExtensionIsReadAsIniWhenItIsNotAYamlMapping() throws Exception {
    Inventory same = Inventory.load(FILE.resolveSibling("hosts"));
    assertEquals(inventory.hosts().stream().map(InventoryHost::vars).toList(),
        same.hosts().stream().map(InventoryHost::vars).toList());
    assertEquals(inventory.groups(), same.groups());
  }
}
