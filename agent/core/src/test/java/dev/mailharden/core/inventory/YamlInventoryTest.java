package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class YamlInventoryTest {

  static final Path DIR = Path.of("src/test/resources/inventory/mail");
  static final Path FILE = DIR.resolve("inventory.yml");
  static Inventory inventory;

  @BeforeAll
  static void load() throws Exception {
    inventory = Inventory.load(FILE);
  }

  static InventoryHost host(String name) {
    return inventory.host(name).orElseThrow();
  }

  @Test
  void hostsComeInDefinitionOrderWithRangesExpanded() {
    assertEquals(
        List.of("bastion.example.com", "mx1.example.com", "mx2.example.com", "imap1.example.com",
            "mx01.lab.example.com", "mx02.lab.example.com", "imap-a.lab.example.com",
            "imap-b.lab.example.com"),
        inventory.hosts().stream().map(InventoryHost::name).toList());
  }

  @Test
  void groupsAreAncestorsInPrecedenceOrder() {
    assertEquals(List.of("all", "mail", "mta"), host("mx1.example.com").groups());
    assertEquals(List.of("all", "mail", "mda", "mta"), host("mx2.example.com").groups());
    // lab_mta is under lab (depth 2) and under mail/mta (depth 3): the longest path counts.
    assertEquals(List.of("all", "lab", "mail", "mta", "lab_mta"),
        host("mx01.lab.example.com").groups());
  }

  @Test
  void hostNamedOnlyUnderAllIsUngrouped() {
    assertEquals(List.of("all", "ungrouped"), host("bastion.example.com").groups());
    assertEquals("deploy", host("bastion.example.com").vars().get("ansible_user"));
  }

  @Test
  void childGroupWinsOverParentAndParentOverAll() {
    assertEquals("TLSv1.3", host("mx1.example.com").vars().get("tls_min_version"));
    assertEquals("TLSv1.2", host("imap1.example.com").vars().get("tls_min_version"));
    assertEquals("TLSv1", host("bastion.example.com").vars().get("tls_min_version"));
  }

  @Test
  void amongGroupsOfTheSameDepthTheLaterNameWins() {
    // mx2 is in mda and mta, both at depth 2: "mta" sorts after "mda" and wins.
    assertEquals("mta", host("mx2.example.com").vars().get("mail_role"));
    assertEquals("mda", host("imap1.example.com").vars().get("mail_role"));
  }

  @Test
  void hostVarsWinOverGroupVars() {
    assertEquals(2222, host("mx2.example.com").vars().get("ansible_port"));
    assertEquals(22, host("mx1.example.com").vars().get("ansible_port"));
  }

  @Test
  void groupVarsFilesWinOverInventoryGroupVars() {
    assertEquals("ntp.internal.example.com", host("bastion.example.com").vars().get("ntp_server"));
    // Ansible's order: every inventory group var, then group_vars/ files (all first), so
    // group_vars/all.yml beats even mta's vars in the inventory.
    assertEquals("group_vars-all", host("mx1.example.com").vars().get("smtp_banner"));
    assertEquals(new Origin(DIR.resolve("group_vars/all.yml"), 2),
        host("mx1.example.com").origin("smtp_banner"));
    assertEquals("mta2024", host("mx01.lab.example.com").vars().get("dkim_selector"));
  }

  @Test
  void groupVarsDirectoryIsReadInNameOrderSkippingHiddenAndBackupFiles() {
    InventoryHost imap = host("imap1.example.com");
    assertEquals("2G", imap.vars().get("mail_quota"));
    assertEquals("required", imap.vars().get("dovecot_ssl"));
    assertEquals(new Origin(DIR.resolve("group_vars/mda/20-quota.yml"), 1),
        imap.origin("mail_quota"));
  }

  @Test
  void hostVarsFileWinsOverInventoryHostVars() {
    InventoryHost mx1 = host("mx1.example.com");
    assertEquals("198.51.100.11", mx1.vars().get("ansible_host"));
    assertEquals(new Origin(DIR.resolve("host_vars/mx1.example.com.yml"), 1),
        mx1.origin("ansible_host"));
    assertEquals(List.of("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"),
        mx1.vars().get("tls_ciphers"));
  }

  @Test
  void valuesKeepTheirYamlTypes() {
    InventoryHost lab = host("mx02.lab.example.com");
    assertEquals(Boolean.TRUE, lab.vars().get("ansible_become"));
    assertEquals("vagrant", lab.vars().get("ansible_user"));
  }

  @Test
  void originsPointAtTheLineThatSetTheWinningValue() {
    InventoryHost mx2 = host("mx2.example.com");
    assertEquals(new Origin(FILE, 23), mx2.origin("ansible_port"));
    assertEquals(new Origin(FILE, 25), mx2.origin("mail_role"));
    // An unset variable points at where the host is defined, where one would add it.
    assertEquals(new Origin(FILE, 21), mx2.origin("no_such_var"));
    assertFalse(mx2.vars().containsKey("no_such_var"));
  }

  @Test
  void fileWithoutExtensionIsReadAsYamlWhenItIsAYamlMapping() throws Exception {
    Inventory same = Inventory.load(DIR.resolve("inventory"));
    assertEquals(inventory.hosts().stream().map(InventoryHost::vars).toList(),
        same.hosts().stream().map(InventoryHost::vars).toList());
  }
}
