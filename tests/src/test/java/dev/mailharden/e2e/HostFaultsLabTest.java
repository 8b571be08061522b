package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.oracle.LineClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults that used to leave a host worse than before the run, on real lab hosts: a
 * rollback that reloaded what the run had restarted, a host without a usable init system
 * changed before that was found, symlinked configuration replaced by a regular file, and
 * another admin's edit between mailharden's read and write overwritten.
 */
@Tag("lab")
class HostFaultsLabTest {

  static final String POSTFIX_FILES = ApplyPostfixDovecotLabTest.CHECKSUMS;
  static final List<Integer> MAIL_PORTS = List.of(25, 465, 587, 143, 110, 993, 995);
  @TempDir Path tmp;

  private String[] apply(Path inv, String profile) {
    return new String[] {"apply", "-i", inv.toString(),
        Lab.repo().resolve("playbooks/" + profile + ".yml").toString(),
        "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys"};
  }

  private Cli.Run rollback(Path inv, String run) throws Exception {
    return Cli.runProcess(tmp, tmp.resolve("rollback-" + run + ".log"), "rollback", "-i",
        inv.toString(), "--run", run, "--known-hosts", tmp.resolve("kh").toString());
  }

  /**
   * Cyrus gets new listeners (993, 995) only from a restart, so the run restarts it; a
   * rollback after the controller died must restart it too: a reload of the master with
   * the old cyrus.conf stopped POP3 on 110.
   */
  @ParameterizedTest
  @CsvSource({"trixie, validate", "trixie, check that ports", "bookworm, check that ports"})
  void rollbackAfterAKilledRunRestartsWhatTheRunRestarted(String release, String killedAt)
      throws Exception {
    LabHost h = Lab.start(LabFlavor.EXIM_CYRUS, release);
    ApplyEximCyrusLabTest.adminSetup(h);
    Path inv = ApplyEximCyrusLabTest.inventory(tmp, h);
    String before = Lab.exec(h, ApplyEximCyrusLabTest.CHECKSUMS);
    List<Integer> answering = HeldRun.answering(h.address(), MAIL_PORTS);
    assertTrue(answering.contains(110), "stock Cyrus does not serve POP3: " + answering);

    HeldRun run = HeldRun.start(tmp, tmp.resolve("apply.log"), killedAt,
        apply(inv, "modern"));
    run.awaitHeld();
    run.kill();

    Cli.Run rb = rollback(inv, run.runId());
    assertEquals(0, rb.exit(), rb.out());
    assertTrue(rb.out().contains(h.name() + ": rolled_back"), rb.out());
    assertTrue(rb.out().contains("- restart cyrus-imapd"), rb.out());
    assertEquals(before, Lab.exec(h, ApplyEximCyrusLabTest.CHECKSUMS));
    assertEquals(answering, HeldRun.answering(h.address(), MAIL_PORTS),
        "ports answering after the rollback differ from before the run");
    try (LineClient c = new LineClient(h.address(), 110)) {
      assertTrue(c.line().startsWith("+OK"), "POP3 does not greet on 110");
    }
  }

  /** Without systemd as PID 1 or service(8), nothing could reload: fail before writing. */
  @Test
  void aHostWithoutAKnownInitSystemFailsWithNothingChanged() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    Lab.exec(h, "mv /usr/sbin/service /usr/sbin/service.hidden");
    Path inv = LabInventory.write(tmp.resolve("inv.yml"), List.of(h));
    String before = Lab.exec(h, POSTFIX_FILES);
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("apply.log"), apply(inv, "modern"));
    assertEquals(1, r.exit(), r.out());
    assertEquals(before, Lab.exec(h, POSTFIX_FILES), "a file was changed");
    assertTrue(r.out().contains(h.name() + ": failed"), r.out());
    assertTrue(r.out().contains("no init system mailharden can reload services with"),
        r.out());
    assertEquals("", Lab.exec(h, "ls /var/lib/mailharden/lock 2>/dev/null || true"));
  }

  /**
   * A symlinked main.cf: the run writes through to the file it points at, and a rollback
   * puts back the link and the target's bytes, owner, group and mode.
   */
  @Test
  void aSymlinkedConfigStaysALinkAndIsRestoredAsOne() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    Lab.exec(h, "mkdir /etc/postfix/site && mv /etc/postfix/main.cf /etc/postfix/site/"
        + " && ln -s site/main.cf /etc/postfix/main.cf");
    String links = "stat -c '%N %U:%G %a' /etc/postfix/main.cf /etc/postfix/site/main.cf";
    String linksBefore = Lab.exec(h, links);
    Path inv = LabInventory.write(tmp.resolve("inv.yml"), List.of(h));
    String before = Lab.exec(h, POSTFIX_FILES);
    String target = "sha256sum /etc/postfix/site/main.cf";
    String targetBefore = Lab.exec(h, target);

    HeldRun run = HeldRun.start(tmp, tmp.resolve("apply.log"), "validate",
        apply(inv, "modern"));
    run.awaitHeld();
    assertEquals("link", Lab.exec(h, "[ -L /etc/postfix/main.cf ] && echo link || echo file")
        .strip(), "the write replaced the symlink with a regular file");
    assertNotEquals(targetBefore, Lab.exec(h, target), "the write did not reach the target");
    run.kill();

    Cli.Run rb = rollback(inv, run.runId());
    assertEquals(0, rb.exit(), rb.out());
    assertEquals(linksBefore, Lab.exec(h, links));
    assertEquals(before, Lab.exec(h, POSTFIX_FILES), "rollback did not restore byte for byte");
  }

  /** An edit made after mailharden read the file but before it wrote is kept: host fails. */
  @Test
  void anEditBetweenReadAndWriteIsKeptAndTheHostFails() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    Path inv = LabInventory.write(tmp.resolve("inv.yml"), List.of(h));
    HeldRun run = HeldRun.start(tmp, tmp.resolve("apply.log"), "write",
        apply(inv, "modern"));
    run.awaitHeld();
    Lab.exec(h, "echo '# colleague: relay for the new office' >> /etc/postfix/main.cf");
    String edited = Lab.exec(h, POSTFIX_FILES);
    assertEquals(1, run.releaseAndWait(), run.output());
    assertTrue(run.output().contains(h.name() + ": failed"), run.output());
    assertTrue(run.output().contains("/etc/postfix/main.cf was changed on the host since"
        + " mailharden read it"), run.output());
    assertEquals(edited, Lab.exec(h, POSTFIX_FILES), "the colleague's edit was overwritten");
    assertEquals("", Lab.exec(h, "ls /var/lib/mailharden/lock 2>/dev/null || true"));
  }
}
