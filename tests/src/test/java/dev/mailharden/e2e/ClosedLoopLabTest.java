package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import dev.mailharden.lab.LabInventory;
import dev.mailharden.lab.LabTls;
import dev.mailharden.oracle.LineClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop on real lab hosts: a change that does not prove itself is undone, an
 * interrupted run can be rolled back later, batches stop after failures, one host is never
 * changed by two runs at once, and no accepted mail is lost while a host reloads.
 */
@Tag("lab")
class ClosedLoopLabTest {

  static final String CHECKSUMS = ApplyPostfixDovecotLabTest.CHECKSUMS;
  @TempDir Path tmp;

  /**
   * A profile whose mailbox cipher string OpenSSL refuses: Dovecot's checker accepts it,
   * but after the reload no TLS handshake succeeds on 143/993.
   */
  static Path brokenPlaybook(Path tmp) throws Exception {
    Path dir = tmp.resolve("broken");
    Files.createDirectories(dir.resolve("profiles"));
    String modern = Files.readString(Lab.repo().resolve("playbooks/profiles/modern.yml"));
    Files.writeString(dir.resolve("profiles/broken.yml"), modern
        .replace("name: modern", "name: broken")
        // A cipher string the controller's OpenSSL expands (so the profile loads) and
        // Dovecot's checker accepts, but whose security level the host's 2048-bit RSA key
        // cannot meet: after the reload no TLS handshake succeeds on 143/993.
        .replaceAll("(?m)^(  mailbox:\\n(?:    .*\\n)*?    ciphers: ).*$",
            "$1\"@SECLEVEL=5:ECDHE+AESGCM\""));
    Files.writeString(dir.resolve("play.yml"), Files.readString(
        Lab.repo().resolve("playbooks/modern.yml")).replace("profile: modern", "profile: broken"));
    return dir.resolve("play.yml");
  }

  /**
   * A profile asking what the host cannot serve: DH of 3072 bits, while the products are
   * given (and Postfix 3.9+ picks) the 2048-bit RFC 7919 group. Everything validates and
   * answers; only the probe from outside can tell.
   */
  private Path unservablePlaybook() throws Exception {
    Path dir = tmp.resolve("unservable");
    Files.createDirectories(dir.resolve("profiles"));
    String better = Files.readString(Lab.repo().resolve("playbooks/profiles/bettercrypto.yml"));
    Files.writeString(dir.resolve("profiles/dh3072.yml"), better
        .replace("name: bettercrypto", "name: dh3072")
        .replace("source: generate", "source: ffdhe2048").replace("bits: 2048", "bits: 3072"));
    Files.writeString(dir.resolve("play.yml"), Files.readString(
        Lab.repo().resolve("playbooks/bettercrypto.yml")).replace("profile: bettercrypto",
        "profile: dh3072"));
    return dir.resolve("play.yml");
  }

  @Test
  void aProbeVerdictThatFailsRollsTheChangeBack() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String before = Lab.exec(h, CHECKSUMS);
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("verdict.log"),
        apply(inventory(List.of(h)), unservablePlaybook().toString()));
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains(h.name() + ": rolled_back"), r.out());
    assertTrue(r.out().contains("rolled back because: probe verdict failed"), r.out());
    assertTrue(r.out().contains("dh: "), r.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "files not restored byte for byte");
    assertAnswers(h);
  }

  private Path inventory(List<LabHost> hosts) throws Exception {
    return LabInventory.write(tmp.resolve("inventory-" + hosts.size() + ".yml"), hosts);
  }

  private String[] apply(Path inv, String playbook, String... more) {
    List<String> a = new ArrayList<>(List.of("apply", "-i", inv.toString(), playbook,
        "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static void assertAnswers(LabHost h) throws Exception {
    try (LineClient c = LineClient.tls(h.address(), 993, LabTls.trusting(h.caCert()), h.name())) {
      assertTrue(c.line().startsWith("* OK"), "Dovecot does not answer on 993");
    }
    try (LineClient c = new LineClient(h.address(), 25)) {
      assertTrue(c.smtp().get(0).startsWith("220"), "Postfix does not answer on 25");
    }
  }

  @Test
  void aChangeThatValidatesButBreaksTheDaemonIsRolledBack() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm");
    String before = Lab.exec(h, CHECKSUMS);
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("apply.log"),
        apply(inventory(List.of(h)), brokenPlaybook(tmp).toString()));
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains(h.name() + ": rolled_back"), r.out());
    assertTrue(r.out().contains("rolled back because: service check failed"), r.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "files not restored byte for byte");
    assertAnswers(h);
  }

  /** Waits until the run's journal shows a step, returns the run id. */
  private String awaitStep(Path state, LabHost h, String step, Process p) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      try (Stream<Path> runs = Files.isDirectory(state.resolve("runs"))
          ? Files.list(state.resolve("runs")) : Stream.empty()) {
        for (Path run : runs.toList()) {
          Path log = run.resolve("hosts").resolve(h.name() + ".log");
          if (Files.exists(log) && Files.readString(log).contains(step)) {
            return run.getFileName().toString();
          }
        }
      }
      assertTrue(p.isAlive(), "apply ended before the step '" + step + "'");
      Thread.sleep(100);
    }
    throw new AssertionError("the run never reached '" + step + "'");
  }

  @Test
  void controllerKilledAfterWritingThenRollbackRestoresEverything() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String before = Lab.exec(h, CHECKSUMS);
    Path inv = inventory(List.of(h));
    Process p = Cli.start(tmp, tmp.resolve("killed.log"),
        apply(inv, Lab.repo().resolve("playbooks/modern.yml").toString()));
    String run = awaitStep(tmp, h, "validate", p);
    p.destroyForcibly().waitFor();
    assertNotEquals(before, Lab.exec(h, CHECKSUMS), "the killed run had written nothing");

    Cli.Run rb = Cli.runProcess(tmp, tmp.resolve("rollback.log"), "rollback",
        "-i", inv.toString(), "--run", run, "--known-hosts", tmp.resolve("kh").toString());
    assertEquals(0, rb.exit(), rb.out());
    assertTrue(rb.out().contains(h.name() + ": rolled_back"), rb.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "rollback did not restore byte for byte");
    assertEquals("", Lab.exec(h, "ls /var/lib/mailharden/lock 2>/dev/null || true"));
    assertAnswers(h);
    Cli.Run runs = Cli.runProcess(tmp, tmp.resolve("runs.log"), "runs");
    assertTrue(runs.out().contains(run) && runs.out().contains(h.name() + "=rolled_back"),
        runs.out());
  }

  @Test
  void sshCutInTheMiddleOfAnApplyThenRollback() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm");
    String before = Lab.exec(h, CHECKSUMS);
    Path inv = inventory(List.of(h));
    Process p = Cli.start(tmp, tmp.resolve("cut.log"),
        apply(inv, brokenPlaybook(tmp).toString()));
    // While mailharden waits for the broken services to answer, the SSH session dies.
    String run = awaitStep(tmp, h, "check that ports", p);
    Lab.exec(h, "pkill -f '[r]oot@notty' || true");
    assertEquals(1, p.waitFor(), Files.readString(tmp.resolve("cut.log")));
    assertTrue(Files.readString(tmp.resolve("cut.log")).contains(h.name() + ": failed"),
        Files.readString(tmp.resolve("cut.log")));

    Cli.Run rb = Cli.runProcess(tmp, tmp.resolve("rollback.log"), "rollback",
        "-i", inv.toString(), "--run", run, "--known-hosts", tmp.resolve("kh").toString());
    assertEquals(0, rb.exit(), rb.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS), "rollback did not restore byte for byte");
    assertAnswers(h);
  }

  @Test
  void rollbackRefusesFilesChangedSinceTheRunUnlessForced() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    String before = Lab.exec(h, CHECKSUMS);
    Path inv = inventory(List.of(h));
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("apply.log"),
        apply(inv, Lab.repo().resolve("playbooks/modern.yml").toString()));
    assertEquals(0, r.exit(), r.out());
    Matcher m = Pattern.compile("run (\\S+) journaled").matcher(r.out());
    assertTrue(m.find(), r.out());
    Lab.exec(h, "echo '# edited by a colleague' >> /etc/postfix/main.cf");
    String[] rollback = {"rollback", "-i", inv.toString(), "--run", m.group(1),
        "--known-hosts", tmp.resolve("kh").toString()};
    Cli.Run refused = Cli.runProcess(tmp, tmp.resolve("rb1.log"), rollback);
    assertEquals(1, refused.exit(), refused.out());
    assertTrue(refused.out().contains("/etc/postfix/main.cf was changed since the run"),
        refused.out());
    assertTrue(Lab.exec(h, "cat /etc/postfix/main.cf").contains("edited by a colleague"));
    String[] forced = Stream.concat(Stream.of(rollback), Stream.of("--force"))
        .toArray(String[]::new);
    Cli.Run done = Cli.runProcess(tmp, tmp.resolve("rb2.log"), forced);
    assertEquals(0, done.exit(), done.out());
    assertEquals(before, Lab.exec(h, CHECKSUMS));
  }

  @Test
  void aFailingFirstBatchStopsTheRollout() throws Exception {
    List<LabHost> hosts = List.of(Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm"),
        Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm"),
        Lab.start(LabFlavor.POSTFIX_DOVECOT, "bookworm"));
    List<String> before = new ArrayList<>();
    for (LabHost h : hosts) {
      before.add(Lab.exec(h, CHECKSUMS));
    }
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("serial.log"),
        apply(inventory(hosts), brokenPlaybook(tmp).toString(), "--serial", "1",
            "--max-fail-percentage", "0"));
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains(hosts.get(0).name() + ": rolled_back"), r.out());
    for (LabHost later : hosts.subList(1, 3)) {
      assertTrue(r.out().contains(later.name() + ": skipped"), r.out());
    }
    for (int i = 0; i < hosts.size(); i++) {
      assertEquals(before.get(i), Lab.exec(hosts.get(i), CHECKSUMS), hosts.get(i).name());
    }
  }

  @Test
  void twoConcurrentAppliesNeverBothChangeAHost() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    Path inv = inventory(List.of(h));
    String modern = Lab.repo().resolve("playbooks/modern.yml").toString();
    Files.writeString(tmp.resolve("kh"), "");
    Cli.runProcess(tmp, tmp.resolve("keys.log"), "facts", "-i", inv.toString(),
        "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys");
    Process a = Cli.start(tmp, tmp.resolve("a.log"), apply(inv, modern));
    Process b = Cli.start(tmp, tmp.resolve("b.log"), apply(inv, modern));
    a.waitFor();
    b.waitFor();
    String outA = Files.readString(tmp.resolve("a.log"));
    String outB = Files.readString(tmp.resolve("b.log"));
    long changed = Stream.of(outA, outB).filter(o -> o.contains(h.name() + ": changed")).count();
    assertEquals(1, changed, "A:\n" + outA + "\nB:\n" + outB);
    // The other run either found the host locked or, coming second, nothing left to do.
    assertTrue(Stream.of(outA, outB).anyMatch(o -> o.contains("locked by another mailharden run")
        || o.contains(h.name() + ": ok")), "A:\n" + outA + "\nB:\n" + outB);
  }

  @Test
  void noAcceptedMailIsLostWhileAHostReloads() throws Exception {
    LabHost h = Lab.start(LabFlavor.POSTFIX_DOVECOT, "trixie");
    MailFlow mail = new MailFlow(h, "mh-test-");
    Cli.Run r = Cli.runProcess(tmp, tmp.resolve("apply.log"),
        apply(inventory(List.of(h)), Lab.repo().resolve("playbooks/bettercrypto.yml")
            .toString(), "--serial", "1"));
    mail.stop();
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains(h.name() + ": changed"), r.out());
    mail.assertAllDelivered();
  }
}
