package dev.mailharden.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.Inventory;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Playbook;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name checks' inputs from inventory variables and play vars, and their errors. */
class NameTargetTest {

  @TempDir Path dir;

  private InventoryHost host(String inventory) throws Exception {
    Path inv = Files.writeString(dir.resolve("inventory.yml"), inventory);
    return Inventory.load(inv).select("all").get(0);
  }

  @Test
  void aHostWithoutPublicAddressIsNotChecked() throws Exception {
    assertEquals(Optional.empty(), NameTarget.of(host(
        "all:\n  hosts:\n    mx1.example.com:\n      ansible_host: 10.0.0.5\n")));
  }

  @Test
  void listOrCommaSeparatedDomainsAndAResolverWithPort() throws Exception {
    NameTarget t = NameTarget.of(host("all:\n  hosts:\n    MX1.example.com:\n"
        + "      mailharden_public_address: 192.0.2.25\n"
        + "      mailharden_mail_domains: [example.com, Example.ORG.]\n"
        + "      mailharden_dns_resolver: '127.0.3.53:5353'\n")).orElseThrow();
    assertEquals(new NameTarget("mx1.example.com", InetAddress.getByName("192.0.2.25"),
        List.of("example.com", "example.org"), new InetSocketAddress("127.0.3.53", 5353)), t);
    NameTarget ini = NameTarget.of(host("all:\n  hosts:\n    mx1.example.com:\n"
        + "      mailharden_public_address: '2001:db8::25'\n"
        + "      mailharden_mail_domains: example.com,example.net\n")).orElseThrow();
    assertEquals(List.of("example.com", "example.net"), ini.mailDomains());
    assertEquals(null, ini.resolver());
  }

  @Test
  void aHostNameIsNotAPublicAddressAndTheErrorNamesFileAndLine() throws Exception {
    BadInputException e = assertThrows(BadInputException.class, () -> NameTarget.of(host(
        "all:\n  hosts:\n    mx1.example.com:\n      mailharden_public_address: mx1\n")));
    assertEquals(dir.resolve("inventory.yml") + ":4: host mx1.example.com:"
        + " mailharden_public_address must be an IPv4 or IPv6 address, got 'mx1'",
        e.getMessage());
    BadInputException r = assertThrows(BadInputException.class, () -> NameTarget.of(host(
        "all:\n  hosts:\n    mx1.example.com:\n      mailharden_public_address: 192.0.2.25\n"
        + "      mailharden_dns_resolver: ns1.example.com\n")));
    assertTrue(r.getMessage().startsWith(dir.resolve("inventory.yml") + ":5: "), r.getMessage());
  }

  @Test
  void ourPlaybooksTakeTheSendingIdentityFromTheInventory() throws Exception {
    Path book = Path.of("../../playbooks/bettercrypto.yml");
    Playbook pb = Playbook.load(book, Path.of("../../playbooks/profiles"));
    HostValues none = pb.plays().get(0).valuesFor(host(
        "all:\n  hosts:\n    mx1.example.com:\n"));
    assertEquals(List.of("", "", ""), List.of(none.heloName(), none.clientCert(),
        none.clientKey()));
    HostValues set = pb.plays().get(0).valuesFor(host("all:\n  hosts:\n    mx1.example.com:\n"
        + "      mailharden_helo_name: mx1.example.com\n"
        + "      mailharden_client_cert: /etc/ssl/mx1.pem\n"
        + "      mailharden_client_key: /etc/ssl/private/mx1.key\n"));
    assertEquals(List.of("mx1.example.com", "/etc/ssl/mx1.pem", "/etc/ssl/private/mx1.key"),
        List.of(set.heloName(), set.clientCert(), set.clientKey()));
    BadInputException e = assertThrows(BadInputException.class, () -> pb.plays().get(0)
        .valuesFor(host("all:\n  hosts:\n    mx1.example.com:\n"
            + "      mailharden_client_cert: /etc/ssl/mx1.pem\n")));
    assertTrue(e.getMessage().startsWith(book + ":"), e.getMessage());
    assertTrue(e.getMessage().endsWith("host mx1.example.com: client_cert needs its pair"
        + " (client_cert and client_key go together)"), e.getMessage());
  }

  /** No shipped playbook names a server certificate unless the inventory does. */
  @Test
  void ourPlaybooksNameAServerCertificateOnlyFromTheInventory() throws Exception {
    for (String name : List.of("bettercrypto", "modern")) {
      Path book = Path.of("../../playbooks/" + name + ".yml");
      Playbook pb = Playbook.load(book, Path.of("../../playbooks/profiles"));
      HostValues none = pb.plays().get(0).valuesFor(host(
          "all:\n  hosts:\n    mx1.example.com:\n"));
      assertEquals(List.of("", ""), List.of(none.tlsCert(), none.tlsKey()), name);
      HostValues set = pb.plays().get(0).valuesFor(host("all:\n  vars:\n"
          + "    mailharden_tls_cert: /etc/letsencrypt/live/mx1/fullchain.pem\n"
          + "    mailharden_tls_key: /etc/letsencrypt/live/mx1/privkey.pem\n"
          + "  hosts:\n    mx1.example.com:\n"));
      assertEquals(List.of("/etc/letsencrypt/live/mx1/fullchain.pem",
          "/etc/letsencrypt/live/mx1/privkey.pem"), List.of(set.tlsCert(), set.tlsKey()), name);
      BadInputException e = assertThrows(BadInputException.class, () -> pb.plays().get(0)
          .valuesFor(host("all:\n  hosts:\n    mx1.example.com:\n"
              + "      mailharden_tls_key: /etc/ssl/private/mx1.key\n")));
      assertTrue(e.getMessage().endsWith("host mx1.example.com: tls_key needs its pair"
          + " (tls_cert and tls_key go together)"), e.getMessage());
    }
  }
}
