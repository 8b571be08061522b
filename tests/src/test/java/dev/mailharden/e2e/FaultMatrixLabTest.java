package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix on one real lab host (Postfix + Dovecot, trixie), reused and restored
 * between cases, with main.cf a symlink: the controller SIGKILLed, or its SSH connection
 * cut, after each of write, validate, reload/restart and probe; the host's
 * /var/lib/mailharden full; a daemon that no longer serves after its reload. After each,
 * {@code mailharden rollback --run ID} (or the run's own restore) must leave every file
 * byte-identical with owner, group, mode and symlinks, no file the run created, and every
 * port that answered before answering again; mail sent all along is all delivered.
 */
@Tag("lab")
class FaultMatrixLabTest {

  /** Every file, link and directory under the configuration, with bytes and metadata. */
  static final String STATE = "find /etc/postfix /etc/dovecot /etc/ssl/mailharden"
      + " -printf '%p %y %m %u:%g %l\\n' 2>/dev/null | sort; find /etc/postfix /etc/dovecot"
      + " /etc/ssl/mailharden -type f -exec sha256sum {} + 2>/dev/null | sort";
  static final List<Integer> MAIL_PORTS = HostFaultsLabTest.MAIL_PORTS;
  /** Journaled step names: after write, after validate, after reload/restart, after probe. */
  static final List<String[]> POINTS = List.of(
      new String[] {"write", "validate"},
      new String[] {"validate", "reload|restart"},
      new String[] {"reload/restart", "verify|check that ports"},
      new String[] {"probe", "outcome"});

  @TempDir Path tmp;
  private LabHost h;
  private Path inv;
  private String stateBefore;
  private List<Integer> answeringBefore;
  private final List<String> survived = new ArrayList<>();

  @Test
  void everyFaultLeavesTheHostAsItWas() throws Exception {
    // The runs' home on the host is a file system of its own, so the test can fill it.
    h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie",
        java.util.Map.of("/var/lib/mailharden", "size=2m,mode=700"));
    Lab.exec(h, "mkdir /etc/postfix/site && mv /etc/postfix/main.cf /etc/postfix/site/"
        + " && ln -s site/main.cf /etc/postfix/main.cf");
    inv = LabInventory.write(tmp.resolve("inv.yml"), List.of(h));
    stateBefore = Lab.exec(h, STATE);
    answeringBefore = HeldRun.answering(h.address(), MAIL_PORTS);
    MailFlow mail = new MailFlow(h, "mh-matrix-");
    try {
      for (String[] point : POINTS) {
        killedAt(point[0], point[1]);
        sshCutAt(point[0], point[1]);
      }
      diskFull();
      daemonThatNoLongerServes();
    } finally {
      mail.stop();
    }
    mail.assertAllDelivered();
    System.out.println("fault matrix survived: " + survived);
  }

  private String[] apply(String playbook) {
    return new String[] {"apply", "-i", inv.toString(), playbook,
        "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys"};
  }

  private String modern() {
    return Lab.repo().resolve("playbooks/modern.yml").toString();
  }

  private void killedAt(String point, String holdAt) throws Exception {
    HeldRun run = HeldRun.start(tmp, tmp.resolve("kill-" + survived.size() + ".log"), holdAt,
        apply(modern()));
    run.awaitHeld();
    run.kill();
    rollBackAndCheck("controller killed after " + point, run.runId());
  }

  private void sshCutAt(String point, String holdAt) throws Exception {
    HeldRun run = HeldRun.start(tmp, tmp.resolve("cut-" + survived.size() + ".log"), holdAt,
        apply(modern()));
    run.awaitHeld();
    Lab.exec(h, "pkill -f '[r]oot@notty' || true");
    int exit = run.releaseAndWait();
    // Cut after the probe, the run may still end changed: only the unlock was lost.
    assertTrue(exit == 1 || point.equals("probe"), "exit " + exit + ": " + run.output());
    rollBackAndCheck("SSH cut after " + point, run.runId());
  }

  /** The host's /var/lib/mailharden full but for 8 KiB: the lock fits, no backup does. */
  private void diskFull() throws Exception {
    Lab.exec(h, "rm -rf /var/lib/mailharden/runs; f=/var/lib/mailharden/fill;"
        + " dd if=/dev/zero of=$f bs=4k 2>/dev/null; rm $f; avail=$(df -k --output=avail"
        + " /var/lib/mailharden | tail -1); dd if=/dev/zero of=$f bs=1k count=$((avail - 8))"
        + " 2>/dev/null");
    try {
      Cli.Run r = Cli.runProcess(tmp, tmp.resolve("full.log"), apply(modern()));
      assertEquals(1, r.exit(), r.out());
      assertTrue(r.out().contains(h.name() + ": rolled_back")
          || r.out().contains(h.name() + ": failed"), r.out());
      assertTrue(r.out().contains("No space left on device"), r.out());
      assertRestored("disk of /var/lib/mailharden full");
    } finally {
      Lab.exec(h, "rm -f /var/lib/mailharden/fill");
    }
  }

  /**
   * Dovecot's checker accepts a cipher string whose security level the host's key cannot
   * meet: after the reload no TLS handshake succeeds on 143/993, and the run restores on its
   * own.
   */
  private void daemonThatNoLongerServes() throws Exception {
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("broken.log"),
        apply(ClosedLoopLabTest.brokenPlaybook(tmp).toString()));
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains(h.name() + ": rolled_back"), r.out());
    assertRestored("daemon no longer serves after its reload");
  }

  private void rollBackAndCheck(String fault, String runId) throws Exception {
    Cli.Run rb = Cli.runProcess(tmp, tmp.resolve("rollback-" + runId + ".log"), "rollback",
        "-i", inv.toString(), "--run", runId, "--known-hosts", tmp.resolve("kh").toString());
    assertEquals(0, rb.exit(), fault + ": " + rb.out());
    assertTrue(rb.out().contains(h.name() + ": rolled_back"), fault + ": " + rb.out());
    assertRestored(fault);
  }

  private void assertRestored(String fault) {
    assertEquals(stateBefore, Lab.exec(h, STATE), fault + ": files, links or metadata differ");
    assertEquals("", Lab.exec(h, "ls /var/lib/mailharden/lock 2>/dev/null || true"),
        fault + ": the host is still locked");
    assertEquals(answeringBefore, HeldRun.answering(h.address(), MAIL_PORTS),
        fault + ": ports answering differ from before");
    survived.add(fault);
    System.out.println("fault matrix: survived " + fault + " at " + java.time.Instant.now());
  }
}
