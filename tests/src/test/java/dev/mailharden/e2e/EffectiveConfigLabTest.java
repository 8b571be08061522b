package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.lab.LabShape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Admin-shaped lab hosts (LAB_SHAPE=admin: a Dovecot local.conf, master.cf services with
 * their own -o options, a main.cf continuation line and a key set twice, an Exim conf.d/main
 * file of the admin's, Cyrus per-service keys): the default playbook edits each owned setting
 * where it takes effect, and the products themselves (postconf, doveconf, exim -bP, imapd.conf
 * as Cyrus reads it) and an independent TLS client (openssl s_client) confirm it.
 */
@Tag("lab")
class EffectiveConfigLabTest {

  /** A TLS 1.2 kRSA suite outside the bettercrypto list (which keeps only AES128-SHA and
   * CAMELLIA128-SHA of the kRSA suites) that OpenSSL's ALL still holds. */
  static final String OUTSIDER = "AES256-GCM-SHA384";
  static final String BETTERCRYPTO = "EDH+CAMELLIA:EDH+aRSA:EECDH+aRSA+AESGCM:EECDH+aRSA+SHA256"
      + ":EECDH:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!DSS:!RC4"
      + ":!SEED:!IDEA:!ECDSA:kEDH:CAMELLIA128-SHA:AES128-SHA";

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"trixie", "bookworm"})
  void postfixAndDovecotOverridesAreEditedWhereTheyTakeEffect(String release) throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, release, LabShape.ADMIN);
    // The shape is in force before: Dovecot runs the admin's local.conf list and 993 takes
    // a suite outside the profile's list.
    assertEquals("ALL:!aNULL", Lab.exec(h, "doveconf -h ssl_cipher_list").strip());
    assertEquals("TLSv1", Lab.exec(h, "doveconf -h ssl_min_protocol").strip());
    assertEquals("may", Lab.exec(h,
        "postconf -P -h submission/inet/smtpd_tls_security_level").strip());
    assertTrue(accepts(h, 993, OUTSIDER), "admin-shaped 993 should take " + OUTSIDER);

    Cli.Run apply = apply(h);
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    assertTrue(apply.out().contains(h.name() + ": changed"), apply.out());

    // Dovecot: local.conf edited in place (the admin's comment kept), the value in force is
    // the profile's, and 993 refuses the outsider.
    String local = Lab.exec(h, "cat /etc/dovecot/local.conf");
    assertTrue(local.startsWith("# admin: compatibility with the old phones\n"), local);
    assertTrue(local.contains("ssl_cipher_list = " + BETTERCRYPTO + "\n"), local);
    assertEquals(BETTERCRYPTO, Lab.exec(h, "doveconf -h ssl_cipher_list").strip());
    assertEquals("TLSv1.2", Lab.exec(h, "doveconf -h ssl_min_protocol").strip());
    assertFalse(accepts(h, 993, OUTSIDER), "993 still takes " + OUTSIDER);
    assertFalse(accepts(h, 993, "ARIA256-GCM-SHA384"), "993 still takes an ARIA kRSA suite");

    // Postfix: the admin's submission -o options and main.cf's last definition carry the
    // profile's values; the admin's other lines stay.
    assertEquals("encrypt", Lab.exec(h,
        "postconf -P -h submission/inet/smtpd_tls_security_level").strip());
    assertEquals("yes", Lab.exec(h, "postconf -P -h submission/inet/smtpd_tls_auth_only").strip());
    assertEquals("yes", Lab.exec(h, "postconf -P -h submissions/inet/smtpd_tls_wrappermode")
        .strip());
    assertEquals(">=TLSv1", Lab.exec(h, "postconf -h smtpd_tls_mandatory_protocols").strip());
    assertEquals(BETTERCRYPTO, Lab.exec(h, "postconf -h tls_high_cipherlist").strip());
    String main = Lab.exec(h, "cat /etc/postfix/main.cf");
    assertTrue(main.contains("smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n"), main);
    assertFalse(main.contains("    !EXPORT:!RC4\n"), "continuation line left behind:\n" + main);
    assertFalse(accepts(h, 465, OUTSIDER), "465 still takes " + OUTSIDER);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"trixie", "bookworm"})
  void eximAndCyrusOverridesAreEditedWhereTheyTakeEffect(String release) throws Exception {
    LabHost h = Lab.start(LabFlavor.EXIM_CYRUS, release, LabShape.ADMIN);
    // As the stock-shaped apply test prepares its host: Debian-exim in ssl-cert, the Cyrus
    // master's pid file where trixie's init script reads it, the admin's macros and auth.
    ApplyEximCyrusLabTest.adminSetup(h);
    assertTrue(accepts(h, 993, OUTSIDER), "admin-shaped 993 should take " + OUTSIDER);
    String adminTls = Lab.exec(h, "cat /etc/exim4/conf.d/main/50_admin_tls");

    Cli.Run apply = Cli.run("apply", "-i", ApplyEximCyrusLabTest.inventory(tmp, h).toString(),
        Lab.repo().resolve("playbooks/bettercrypto.yml").toString(),
        "--known-hosts", tmp.resolve("known_hosts").toString(), "--accept-new-host-keys");
    assertEquals(0, apply.exit(), apply.out() + apply.err());
    assertTrue(apply.out().contains(h.name() + ": changed"), apply.out());

    // Exim: the admin's conf.d/main line holds the plan's value, and nothing else sets it.
    String adminAfter = Lab.exec(h, "cat /etc/exim4/conf.d/main/50_admin_tls");
    assertTrue(adminAfter.startsWith(adminTls.substring(0, adminTls.indexOf("tls_require"))),
        adminAfter);
    String inForce = Lab.exec(h, "exim4 -bP -n tls_require_ciphers").strip();
    assertTrue(adminAfter.contains("tls_require_ciphers = " + inForce + "\n"),
        inForce + " vs\n" + adminAfter);
    assertFalse(Lab.exec(h, "cat /etc/exim4/conf.d/main/000_localmacros")
        .contains("tls_require_ciphers"));

    // Cyrus: the imaps service's own key carries the profile's list; 993 refuses outsiders.
    String imapd = Lab.exec(h, "cat /etc/imapd.conf");
    assertTrue(imapd.contains("\nimaps_tls_ciphers: " + BETTERCRYPTO + "\n"), imapd);
    assertFalse(accepts(h, 993, OUTSIDER), "993 still takes " + OUTSIDER);
  }

  /**
   * An override the plan does not edit (a cipher list inside Dovecot's {@code protocol imap}
   * filter, which no top-level setting reaches): the check after the reload finds suites
   * outside the profile's list on 993 and 143, the host is rolled back and every file is
   * byte-identical to before.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"trixie"})
  void anOverrideLeftInForceRollsTheHostBack(String release) throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, release, LabShape.ADMIN);
    Lab.exec(h, "printf '\\n# admin: the old phones use IMAP\\nprotocol imap {\\n"
        + "  ssl_cipher_list = ALL:!aNULL\\n}\\n' >> /etc/dovecot/local.conf"
        + " && doveconf -n >/dev/null && service dovecot reload >/dev/null 2>&1");
    String before = Lab.exec(h, ApplyPostfixDovecotLabTest.CHECKSUMS);
    Cli.Run apply = apply(h);
    assertEquals(1, apply.exit(), apply.out() + apply.err());
    assertTrue(apply.out().contains(h.name() + ": rolled_back"), apply.out());
    assertTrue(apply.out().contains("suites outside the profile's list accepted"), apply.out());
    assertEquals(before, Lab.exec(h, ApplyPostfixDovecotLabTest.CHECKSUMS),
        "files not restored byte-identical");
    assertTrue(accepts(h, 993, OUTSIDER), "the admin's filter is in force again on 993");
  }

  private Cli.Run apply(LabHost h) throws Exception {
    Path inv = LabInventory.write(tmp.resolve("inventory.yml"), List.of(h));
    return Cli.run("apply", "-i", inv.toString(),
        Lab.repo().resolve("playbooks/bettercrypto.yml").toString(),
        "--known-hosts", tmp.resolve("known_hosts").toString(), "--accept-new-host-keys");
  }

  /** Whether the port completes a TLS 1.2 handshake offering only {@code suite} (s_client). */
  static boolean accepts(LabHost h, int port, String suite) {
    String starttls = switch (port) {
      case 25, 587 -> " -starttls smtp";
      case 143 -> " -starttls imap";
      case 110 -> " -starttls pop3";
      default -> "";
    };
    String out = Lab.run(List.of("sh", "-c", "echo | timeout 10 openssl s_client -connect "
        + h.address() + ":" + port + starttls + " -tls1_2 -cipher '" + suite
        + ":@SECLEVEL=0' 2>&1 || true"));
    // The handshake's outcome line, for the test log (the evidence an issue note quotes).
    System.out.println(h.name() + ":" + port + " s_client -tls1_2 -cipher " + suite + ": "
        + out.lines().filter(l -> l.contains("Cipher is")).findFirst()
            .or(() -> out.lines().filter(l -> l.contains("alert")).findFirst())
            .orElse("(no outcome line)").strip());
    return out.contains("Cipher is " + suite);
  }
}
