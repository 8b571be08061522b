package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sending side with real mail between lab hosts, judged from the receiver's own log:
 * Postfix to Exim (a transport map). Before hardening the sender has outbound TLS switched
 * off as an admin may have left it (no smtp_tls_security_level); apply fixes it, proves it
 * to the outbound check's listener (and leaves nothing queued); afterwards the receiver logs
 * TLS 1.2 or 1.3, and a receiver without STARTTLS still gets the mail in clear. Exim as the
 * sender is not here yet: its outbound check never passed in the lab (see the README).
 */
@Tag("lab")
class OutboundLabTest {

  /** Exim's arrival line: `<=` with X=TLS... only when the session used TLS. */
  private static final String EXIM_ARRIVALS = "grep ' <= ' /var/log/exim4/mainlog || true";

  @TempDir Path tmp;

  /** Postfix logging to a file (no syslog in the lab), one line per TLS session. */
  private static void postfixLogs(LabHost p) {
    Lab.exec(p, "postconf -e maillog_file=/var/log/mail.log smtpd_tls_loglevel=1"
        + " && postfix reload && sleep 1");
  }

  private String[] apply(Path inv, String... more) {
    List<String> a = new ArrayList<>(List.of("apply", "-i", inv.toString(),
        Lab.repo().resolve("playbooks/bettercrypto.yml").toString(),
        "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys"));
    a.addAll(Arrays.asList(more));
    return a.toArray(String[]::new);
  }

  /** The log lines that are new since {@code before} (a log only grows here). */
  private static List<String> newLines(String before, String now) {
    assertTrue(now.startsWith(before), "log rotated or rewritten");
    return now.substring(before.length()).lines().toList();
  }

  /** Where the receivers' log lines are kept for a reader (tests/target/). */
  private static final Path SHOWN = Lab.repo().resolve("tests/target/outbound-lab-logs.txt");

  /** Appends {@code lines} under {@code title} to {@link #SHOWN}. */
  private static void show(String title, List<String> lines) throws java.io.IOException {
    StringBuilder b = new StringBuilder(title).append(":\n");
    lines.forEach(l -> b.append("  ").append(l).append('\n'));
    java.nio.file.Files.writeString(SHOWN, b, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Waits (90 s) until {@code command}'s output (a log) gains a line holding {@code mark}. */
  private static String awaitGrowth(LabHost h, String command, String before, String mark)
      throws InterruptedException {
    for (int i = 0; i < 180; i++) {
      String now = Lab.exec(h, command);
      if (now.length() > before.length() && now.substring(before.length()).contains(mark)) {
        return now;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(h.name() + ": no new '" + mark + "' line after 90 s of: "
        + command + "\nlast log lines:\n" + Lab.exec(h, "tail -n 15 /var/log/mail.log"
            + " /var/log/exim4/mainlog 2>/dev/null || true"));
  }

  private static String postfixQueue(LabHost p) {
    return Lab.exec(p, "postqueue -p").strip();
  }

  @Test
  void postfixToEximUsesTlsOnceHardenedAndStillSendsInClearToAReceiverWithoutStartTls()
      throws Exception {
    LabHost p = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    LabHost e = Lab.start(LabFlavor.EXIM_CYRUS, "bookworm");
    String listener = Lab.claimLoopback();
    postfixLogs(p);
    // An admin's main.cf without smtp_tls_security_level (Postfix's default: none), and a
    // transport map to the Exim host (the lab has no DNS).
    Lab.exec(p, "postconf -X smtp_tls_security_level"
        + " && printf '%s smtp:[%s]:25\\n' " + e.name() + " " + e.address()
        + " > /etc/postfix/lab_transport"
        + " && postconf -e transport_maps=texthash:/etc/postfix/lab_transport && postfix reload");
    String send = "printf 'Subject: lab\\n\\nhello\\n' | sendmail -f root@" + p.name()
        + " -- postmaster@" + e.name();
    Path inv = LabInventory.write(tmp.resolve("p.yml"), List.of(p));

    String log0 = Lab.exec(e, EXIM_ARRIVALS);
    Lab.exec(p, send);
    String log1 = awaitGrowth(e, EXIM_ARRIVALS, log0, " <= ");
    List<String> before = newLines(log0, log1);
    show("receiver log: exim (receiver) before hardening postfix", before);
    assertEquals(1, before.size(), before.toString());
    assertFalse(before.get(0).contains(" X=TLS"), "sent with TLS before: " + before);

    Cli.Run plan = Cli.run(apply(inv, "--check", "--diff"));
    assertTrue(plan.out().contains("+smtp_tls_security_level = may"), plan.out());

    Cli.Run applied = Cli.run(apply(inv, "--outbound", listener));
    assertEquals(0, applied.exit(), applied.out() + applied.err());
    assertTrue(applied.out().contains(p.name() + ": changed"), applied.out());
    assertEquals("may", Lab.exec(p, "postconf -h smtp_tls_security_level").strip());
    assertEquals(">=TLSv1", Lab.exec(p, "postconf -h smtp_tls_protocols").strip());
    assertEquals("Mail queue is empty", postfixQueue(p), "the check's message stayed queued");

    Lab.exec(p, send);
    String log2 = awaitGrowth(e, EXIM_ARRIVALS, log1, " <= ");
    List<String> after = newLines(log1, log2);
    show("receiver log: exim (receiver) after hardening postfix", after);
    assertEquals(1, after.size(), after.toString());
    assertTrue(after.get(0).matches(".* X=TLS1\\.[23]:.*"), after.get(0));

    // The receiver stops offering STARTTLS: opportunistic, so delivered in clear.
    Lab.exec(e, "echo 'MAIN_TLS_ADVERTISE_HOSTS =' >> /etc/exim4/conf.d/main/000_localmacros"
        + " && update-exim4.conf && service exim4 reload >/dev/null 2>&1 && sleep 1");
    Lab.exec(p, send);
    String log3 = awaitGrowth(e, EXIM_ARRIVALS, log2, " <= ");
    List<String> clear = newLines(log2, log3);
    show("receiver log: exim (receiver without STARTTLS) after hardening postfix", clear);
    assertEquals(1, clear.size(), clear.toString());
    assertFalse(clear.get(0).contains(" X="), clear.get(0));
    assertEquals("Mail queue is empty", postfixQueue(p), "deferred or bounced instead");

    Cli.Run probe = Cli.run("probe", "-i", inv.toString(), "--outbound", listener,
        "--known-hosts", tmp.resolve("kh").toString());
    show("probe -i --outbound", probe.out().lines().toList());
    assertTrue(probe.out().contains("== outbound of " + p.name() + " (postfix -> "),
        probe.out());
    assertTrue(probe.out().contains("-- outbound: PASS"), probe.out());
    assertEquals("Mail queue is empty", postfixQueue(p));
  }

  @Test
  void aSenderThatDoesNotUseTlsTowardTheListenerIsRolledBack() throws Exception {
    LabHost p = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String listener = Lab.claimLoopback();
    // The admin's per-destination policy says no TLS toward the listener's address: the
    // plan leaves it alone (it is theirs), so the sender still goes in clear there.
    Lab.exec(p, "postconf -X smtp_tls_security_level"
        + " && printf '[%s] none\\n[%s]:25 none\\n' " + listener + " " + listener
        + " > /etc/postfix/lab_tls_policy"
        + " && postconf -e smtp_tls_policy_maps=texthash:/etc/postfix/lab_tls_policy"
        + " && postfix reload");
    String before = Lab.exec(p, ClosedLoopLabTest.CHECKSUMS);
    Path inv = LabInventory.write(tmp.resolve("p.yml"), List.of(p));
    Cli.Run r = Cli.run(apply(inv, "--outbound", listener));
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains(p.name() + ": rolled_back"), r.out());
    assertTrue(r.out().contains("rolled back because: outbound verdict failed: outbound tls:"
        + " no STARTTLS"), r.out());
    assertEquals(before, Lab.exec(p, ClosedLoopLabTest.CHECKSUMS), "files not restored");
    assertEquals("Mail queue is empty", postfixQueue(p));
  }
}
