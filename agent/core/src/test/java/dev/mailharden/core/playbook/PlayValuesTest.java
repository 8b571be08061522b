package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.yaml.Origin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A play's values are checked for what they are before any host is contacted. */
class PlayValuesTest {

  static final Path INVENTORY = Path.of("inventory.yml");
  static final Origin HOST_AT = new Origin(INVENTORY, 3);

  /** Our playbooks' play: every value comes from the host's inventory variables. */
  static Play play() {
    Map<String, Play.Template> vars = new LinkedHashMap<>();
    int line = 10;
    for (String[] v : new String[][] {{"tls_cert", "{{ mailharden_tls_cert }}"},
        {"tls_key", "{{ mailharden_tls_key }}"}, {"roles", "mta"},
        {"dh_file", "/etc/ssl/dh.pem"}, {"helo_name", "{{ mailharden_helo_name }}"}}) {
      vars.put(v[0], new Play.Template(v[1], new Origin(Path.of("site.yml"), line++)));
    }
    return new Play("harden", "all", null, vars, new Origin(Path.of("site.yml"), 1));
  }

  static InventoryHost host(String cert, String key, String helo) {
    Map<String, Object> vars = Map.of("mailharden_tls_cert", cert, "mailharden_tls_key", key,
        "mailharden_helo_name", helo);
    return new InventoryHost("mx1.example.com", vars, List.of("all"),
        Map.of("mailharden_helo_name", new Origin(INVENTORY, 7),
            "mailharden_tls_key", new Origin(INVENTORY, 6)), HOST_AT);
  }

  @Test
  void wellFormedValuesPass() throws Exception {
    HostValues v = play().valuesFor(host("/etc/ssl/certs/mx 1.pem", "/etc/ssl/private/mx1.key",
        "mx1.example.com"));
    assertEquals("mx1.example.com", v.heloName());
    assertEquals("/etc/ssl/certs/mx 1.pem", v.tlsCert());
  }

  @Test
  void newlineInTheHeloNameIsRefusedWithFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class, () -> play().valuesFor(
        host("/etc/ssl/c.pem", "/etc/ssl/k.pem",
            "mx1.example.com\nsmtpd_tls_security_level = none")));
    assertTrue(e.getMessage().startsWith("site.yml:14: "), e.getMessage());
    assertTrue(e.getMessage().contains("helo_name"), e.getMessage());
    assertTrue(e.getMessage().contains("\\n"), "the newline shown escaped: " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void heloNameThatIsNoHostNameIsRefused() {
    for (String bad : new String[] {"mx1 example", "-mx.example.com", "mx..example.com",
        "mx1.example.com;", "a".repeat(64) + ".example.com"}) {
      BadInputException e = assertThrows(BadInputException.class, () -> play().valuesFor(
          host("/etc/ssl/c.pem", "/etc/ssl/k.pem", bad)), bad);
      assertTrue(e.getMessage().contains("host name"), e.getMessage());
    }
  }

  @Test
  void controlCharacterInAPathIsRefused() {
    for (String bad : new String[] {"/etc/ssl/k.pem\nsmtpd_tls_security_level = none",
        "/etc/ssl/k\r.pem", "/etc/ssl/k\u0000.pem", "/etc/ssl/k\t.pem"}) {
      BadInputException e = assertThrows(BadInputException.class, () -> play().valuesFor(
          host("/etc/ssl/c.pem", bad, "mx1.example.com")));
      assertTrue(e.getMessage().startsWith("site.yml:11: "), e.getMessage());
      assertTrue(e.getMessage().contains("control character"), e.getMessage());
    }
  }
}
