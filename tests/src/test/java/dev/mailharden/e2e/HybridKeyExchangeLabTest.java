package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.probe.Endpoint;
import dev.mailharden.core.probe.HybridGuard;
import dev.mailharden.core.probe.HybridKeyExchange;
import dev.mailharden.core.probe.MailTlsProber;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ProbeReport;
import dev.mailharden.core.probe.TlsStart;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Post-quantum hybrid key exchange on the lab, judged by an independent client: trixie's own
 * OpenSSL 3.5 ({@code openssl s_client -groups X25519MLKEM768}), run inside a trixie lab
 * container against every endpoint (bookworm's too: host networking, all on loopback). The
 * probe must find the hybrid exactly where the oracle negotiates it; {@code modern} must
 * enable it where the product version can, no profile may take it away, and classic-only
 * clients must still connect. Each apply run adds its rows to
 * {@code tests/target/hybrid-matrix.md}, the README's matrix.
 */
@Tag("lab")
class HybridKeyExchangeLabTest {

  static final List<Integer> MAIL_PORTS = List.of(25, 587, 465, 143, 993, 110, 995);
  static final Path MATRIX = Lab.repo().resolve("tests/target/hybrid-matrix.md");
  /** Classic-only clients: TLS 1.2, and TLS 1.3 offering only X25519 or only P-256. */
  static final List<String> CLASSIC = List.of("-tls1_2", "-tls1_3 -groups X25519",
      "-tls1_3 -groups P-256");
  private static final Pattern CONNECTED = Pattern.compile(
      "New, TLSv1\\.[0-3], Cipher is (?!\\(NONE\\))");

  @TempDir Path tmp;

  static Stream<Arguments> hosts() {
    return Stream.of(LabFlavor.values()).flatMap(f -> Stream.of("trixie", "bookworm")
        .map(r -> Arguments.of(f, r)));
  }

  static Stream<Arguments> applies() {
    return Stream.of(LabFlavor.values()).flatMap(f -> Stream.of("bettercrypto", "modern")
        .map(p -> Arguments.of(f, p)));
  }

  /** The oracle's s_client output for one hello of {@code flags} to a host's port. */
  static String sClient(LabHost target, int port, String flags) {
    LabHost oracle = Lab.shared(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String starttls = switch (port) {
      case 25, 587 -> " -starttls smtp";
      case 143 -> " -starttls imap";
      case 110 -> " -starttls pop3";
      default -> "";
    };
    return Lab.exec(oracle, "echo Q | timeout 20 openssl s_client -connect " + target.address()
        + ":" + port + starttls + " " + flags + " 2>&1 || true");
  }

  static boolean hybridNegotiated(LabHost target, int port) {
    return sClient(target, port, "-tls1_3 -groups X25519MLKEM768")
        .contains("Negotiated TLS1.3 group: X25519MLKEM768");
  }

  static boolean answers(LabHost h, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(h.address(), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static List<Integer> openPorts(LabHost h) {
    return MAIL_PORTS.stream().filter(p -> answers(h, p)).toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hosts")
  void probeFindsAndProvesTheHybridExactlyWhereTheOracleNegotiatesIt(LabFlavor flavor,
      String release) {
    LabHost h = Lab.shared(flavor, release);
    for (int port : openPorts(h)) {
      String where = h.name() + ":" + port;
      boolean oracle = hybridNegotiated(h, port);
      ProbeReport r = MailTlsProber.probe(new Endpoint(h.address(), port,
          TlsStart.forPort(port), h.name()), ProbeOptions.defaults().withCaFile(h.caCert()));
      HybridKeyExchange kx = r.hybrid();
      assertTrue(kx != null, where + ": TLS 1.3 accepted, so a hybrid survey: " + r);
      assertEquals(oracle, kx.accepted().contains("X25519MLKEM768"), where + " detected");
      assertEquals(oracle, kx.proven().contains("X25519MLKEM768"), where + " proven " + kx);
      assertEquals(List.of(), kx.problems(), where);
      assertTrue(kx.largeHelloAnswered(), where + ": a 1600-byte hello");
      assertEquals(oracle, r.groups().contains("X25519MLKEM768"), where + " groups");
    }
  }

  /**
   * Stock, then after apply: per port whether the oracle negotiates X25519MLKEM768, and
   * whether classic-only clients (TLS 1.2; TLS 1.3 with only X25519 or only P-256) connect.
   */
  @ParameterizedTest(name = "trixie {0}, {1}")
  @MethodSource("applies")
  void applyEnablesTheHybridWhereTheVersionCanNeverRemovesItAndKeepsClassicClients(
      LabFlavor flavor, String profile) throws Exception {
    LabHost h = Lab.start(flavor, "trixie");
    boolean eximCyrus = flavor == LabFlavor.EXIM_CYRUS;
    if (eximCyrus) {
      ApplyEximCyrusLabTest.adminSetup(h);
    }
    Map<Integer, Boolean> before = new LinkedHashMap<>();
    Map<String, Boolean> classicBefore = new LinkedHashMap<>();
    for (int port : openPorts(h)) {
      before.put(port, hybridNegotiated(h, port));
      for (String flags : CLASSIC) {
        classicBefore.put(port + flags, CONNECTED.matcher(sClient(h, port, flags)).find());
      }
    }
    Path inv = eximCyrus ? ApplyEximCyrusLabTest.inventory(tmp, h)
        : ApplyPostfixDovecotLabTest.inventory(tmp, h);
    String kh = tmp.resolve("known_hosts").toString();
    Cli.Run check = Cli.run("apply", "-i", inv.toString(),
        ApplyPostfixDovecotLabTest.playbook(profile), "--check", "--diff", "--known-hosts", kh,
        "--accept-new-host-keys");
    assertEquals(0, check.exit(), check.out() + check.err());
    assertTrue(check.out().contains("key exchange: "), "the plan says what it does about PQ: "
        + check.out());
    Cli.Run apply = Cli.run("apply", "-i", inv.toString(),
        ApplyPostfixDovecotLabTest.playbook(profile), "--known-hosts", kh);
    assertEquals(0, apply.exit(), apply.out() + apply.err());

    boolean hybridFirst = profile.equals("modern");
    List<String> rows = new ArrayList<>();
    for (int port : openPorts(h)) {
      String where = h.name() + ":" + port + " after " + profile;
      boolean after = hybridNegotiated(h, port);
      boolean had = before.getOrDefault(port, false);
      assertTrue(after || !had, where + ": negotiated X25519MLKEM768 before, not after");
      // Exim: Debian builds it with GnuTLS, and trixie's GnuTLS has no ML-KEM.
      boolean exim = eximCyrus && (port == 25 || port == 587 || port == 465);
      if (hybridFirst) {
        assertEquals(!exim, after, where);
      }
      List<String> classic = new ArrayList<>();
      for (String flags : CLASSIC) {
        String out = sClient(h, port, flags);
        boolean connects = CONNECTED.matcher(out).find();
        // Stock Cyrus 3.10 takes only prime256v1 (tls_eccurve): an X25519-only client is
        // refused before the change already; a profile that keeps the groups keeps that.
        assertTrue(connects || !classicBefore.getOrDefault(port + flags, false),
            where + ": classic client " + flags + " connected before, refused after:\n" + out);
        assertTrue(connects || !hybridFirst, where + ": classic client " + flags
            + " refused after hybrid-first:\n" + out);
        classic.add(flags.replace("-groups ", "").replace("-tls1_", "TLS 1.")
            + (connects ? " ok" : " refused (before too)"));
      }
      rows.add("| " + flavor.id() + " | " + profile + " | " + port + " | "
          + (before.containsKey(port) ? yesNo(had) : "closed") + " | " + yesNo(after) + " | "
          + String.join(", ", classic) + " |");
    }
    Files.createDirectories(MATRIX.getParent());
    Files.write(MATRIX, rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Bookworm (OpenSSL 3.0, GnuTLS 3.7): groups stay as they were, and the plan says why. */
  @ParameterizedTest(name = "bookworm {0}")
  @MethodSource("flavors")
  void olderReleasesKeepTheirGroupsAndThePlanSaysPqIsUnavailable(LabFlavor flavor)
      throws Exception {
    LabHost h = Lab.shared(flavor, "bookworm");
    Path inv = ApplyPostfixDovecotLabTest.inventory(tmp, h);
    Cli.Run check = Cli.run("apply", "-i", inv.toString(),
        ApplyPostfixDovecotLabTest.playbook("modern"), "--check", "--diff", "--known-hosts",
        tmp.resolve("known_hosts").toString(), "--accept-new-host-keys");
    assertEquals(0, check.exit(), check.out() + check.err());
    long unavailable = check.out().lines()
        .filter(l -> l.contains("key exchange: no post-quantum hybrid key exchange")).count();
    assertEquals(2, unavailable, "one note per product:\n" + check.out());
    for (String setting : List.of("tls_eecdh_auto_curves", "ssl_curve_list", "tls_eccurve")) {
      assertFalse(check.out().contains("+" + setting), setting + " planned:\n" + check.out());
    }
  }

  static Stream<LabFlavor> flavors() {
    return Stream.of(LabFlavor.values());
  }

  /**
   * The check after a change fails a port that lost a hybrid it had: measured on stock
   * Dovecot 2.4, then a classic-only ssl_curve_list (the edit no profile makes) is caught,
   * and putting the default back passes again.
   */
  @Test
  void theGuardFailsAPortThatLostTheHybridItNegotiatedBefore() {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    HybridGuard guard = HybridGuard.before(h.address(), List.of(993, 25),
        ProbeOptions.defaults());
    assertEquals(List.of("X25519MLKEM768"), guard.before(993));
    assertEquals(List.of(), guard.before(25), "stock Postfix 3.10 has no hybrid");
    Lab.exec(h, "printf 'ssl_curve_list = X25519:prime256v1\\n' >> /etc/dovecot/conf.d/10-ssl.conf"
        + " && doveadm reload && sleep 2");
    assertFalse(hybridNegotiated(h, 993), "the classic-only list must remove it");
    assertEquals("key exchange: X25519MLKEM768 negotiated before the change, not after",
        guard.lost(993).orElse("kept"));
    Lab.exec(h, "sed -i '$d' /etc/dovecot/conf.d/10-ssl.conf && doveadm reload && sleep 2");
    assertEquals("kept", guard.lost(993).orElse("kept"));
    assertEquals("kept", guard.lost(25).orElse("kept"), "nothing to lose");
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
