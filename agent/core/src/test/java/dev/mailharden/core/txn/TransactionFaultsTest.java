package dev.mailharden.core.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.plan.EffectiveSetting;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInputs;
import dev.mailharden.core.probe.ProbeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast tier of the transaction: every failure branch (write, validation, the values in
 * force, reload, verify, a silent service, the lock, the init system, a lost connection, an
 * edit made meanwhile) with the real write, backup and restore scripts run by sh on files in
 * a sandbox ({@link SandboxHost}). After each failure the files are byte-identical with
 * modes and symlinks, and nothing the run created is left.
 */
class TransactionFaultsTest {

  @TempDir
  Path tmp;
  private SandboxHost host;
  private String mainCf;
  private String linkedCf;
  private String createdConf;

  @BeforeEach
  void host() throws IOException {
    host = new SandboxHost(tmp);
    Path etc = Files.createDirectories(host.path("etc/postfix"));
    Files.writeString(etc.resolve("main.cf"), "# the admin's comment\nsmtpd_tls_ciphers = low\n");
    Files.setPosixFilePermissions(etc.resolve("main.cf"),
        PosixFilePermissions.fromString("rw-r-----"));
    Path real = Files.createDirectories(host.path("srv/shared"));
    Files.writeString(real.resolve("master.cf"), "smtp inet n - y - - smtpd\n");
    Files.createSymbolicLink(etc.resolve("master.cf"), real.resolve("master.cf"));
    mainCf = etc.resolve("main.cf").toString();
    linkedCf = etc.resolve("master.cf").toString();
    createdConf = host.path("etc/postfix/tls.d/ciphers.conf").toString();
  }

  private ModulePlan module(List<String> validate, List<String> verify, List<Integer> ports) {
    return new ModulePlan("postfix", List.of(
        new FileChange(mainCf, "# the admin's comment\nsmtpd_tls_ciphers = low\n",
            "# the admin's comment\nsmtpd_tls_ciphers = medium\n", null),
        new FileChange(linkedCf, "smtp inet n - y - - smtpd\n",
            "smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n", null),
        new FileChange(createdConf, null, "tls_high_cipherlist = ECDHE+AESGCM\n", "640")),
        validate, "postfix", false, verify, ports);
  }

  private ModulePlan module() {
    return module(List.of("grep -q medium " + mainCf), List.of(), List.of());
  }

  private Transaction transaction(ModulePlan module, String initSystem, RunJournal journal) {
    HostFacts facts = new HostFacts("mx1", host.address(), "debian", "13", "Debian", initSystem,
        List.of(), List.of(), List.of());
    HostPlan plan = new HostPlan("mx1", facts, List.of(module), List.of(), List.of(),
        Optional.empty());
    return new Transaction(host, plan, PlanInputs.profile("bettercrypto"),
        ProbeOptions.defaults(), journal).answeringWithin(Duration.ofMillis(300));
  }

  private ApplyResult apply(ModulePlan module) throws ConnectionException {
    return transaction(module, "systemd", journal()).apply();
  }

  private static RunJournal journal() {
    return RunJournal.create("fast-" + System.nanoTime(), Map.of("hosts", List.of("mx1")));
  }

  /** Every path under the sandbox's etc and srv: link target, or mode and content. */
  private Map<String, String> files() throws IOException {
    Map<String, String> all = new TreeMap<>();
    for (String top : List.of("etc", "srv")) {
      try (Stream<Path> walk = Files.walk(host.path(top))) {
        for (Path p : walk.toList()) {
          String key = tmp.relativize(p).toString();
          if (Files.isSymbolicLink(p)) {
            all.put(key, "-> " + Files.readSymbolicLink(p));
          } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            all.put(key, "dir");
          } else {
            all.put(key, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                + Files.readString(p));
          }
        }
      }
    }
    return all;
  }

  private boolean locked() {
    return Files.exists(host.hostState().resolve("lock"));
  }

  @Test
  void aChangeIsWrittenValidatedAndReloadedOnceKeepingLinksAndModes() throws Exception {
    ApplyResult r = apply(module());
    assertEquals(ApplyResult.Status.CHANGED, r.status(), r.failure() + r.steps());
    Map<String, String> after = files();
    assertEquals("rw-r----- # the admin's comment\nsmtpd_tls_ciphers = medium\n",
        after.get("etc/postfix/main.cf"));
    assertTrue(after.get("etc/postfix/master.cf").startsWith("-> "), "the link stays a link");
    assertTrue(after.get("srv/shared/master.cf").endsWith("-o smtpd_tls_security_level=may\n"));
    assertEquals("rw-r----- tls_high_cipherlist = ECDHE+AESGCM\n",
        after.get("etc/postfix/tls.d/ciphers.conf"));
    assertEquals(List.of("reload postfix"), host.serviceCalls());
    assertFalse(locked(), "the host's lock is released");
    assertFalse(after.keySet().stream().anyMatch(k -> k.contains("mailharden")), after.keySet()
        .toString());
  }

  @Test
  void aFailedValidationRestoresEverythingAndTouchesNoService() throws Exception {
    Map<String, String> before = files();
    ApplyResult r = apply(module(List.of("false"), List.of(), List.of()));
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().startsWith("validation (false) failed"), r.failure());
    assertEquals(before, files());
    assertEquals(List.of(), host.serviceCalls());
    assertFalse(locked());
  }

  @Test
  void aWriteThatFailsHalfwayRestoresEveryFileAndLeavesNoTemporaryFile() throws Exception {
    Map<String, String> before = files();
    host.failing("sync");
    ApplyResult r = apply(module());
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().contains("write failed") && r.failure().contains("No space left"),
        r.failure());
    assertEquals(before, files());
    assertEquals(List.of(), host.serviceCalls());
  }

  @Test
  void anEditMadeSinceThePlanReadTheFileIsKeptAndNothingIsWritten() throws Exception {
    Files.writeString(Path.of(mainCf), "# another admin was here\nsmtpd_tls_ciphers = high\n");
    Map<String, String> before = files();
    ApplyResult r = apply(module());
    assertEquals(ApplyResult.Status.FAILED, r.status());
    assertTrue(r.failure().contains(mainCf + " was changed on the host since mailharden read it")
        && r.failure().contains("nothing was written"), r.failure());
    assertEquals(before, files());
    assertEquals(List.of(), host.serviceCalls());
    assertFalse(locked());
  }

  @Test
  void aValueInForceOtherThanPlannedRestoresBeforeAnyReload() throws Exception {
    Map<String, String> before = files();
    ModulePlan m = module().withEffective(List.of(new EffectiveSetting("smtpd_tls_ciphers",
        "medium", "", "echo low", "echo " + mainCf + ":9", "")));
    ApplyResult r = apply(m);
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().contains("postfix smtpd_tls_ciphers in force 'low', planned 'medium';"
        + " defined at " + mainCf + ":9"), r.failure());
    assertEquals(before, files());
    assertEquals(List.of(), host.serviceCalls());
  }

  @Test
  void aFailedReloadRestoresAndReloadsThePreviousFiles() throws Exception {
    Map<String, String> before = files();
    host.failing("reload postfix");
    ApplyResult r = apply(module());
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().startsWith("reload postfix failed"), r.failure());
    assertEquals(before, files());
    assertEquals(List.of("reload postfix", "reload postfix"), host.serviceCalls());
  }

  @Test
  void aFailedCheckOfTheRunningServiceRestoresAndReloads() throws Exception {
    Map<String, String> before = files();
    ApplyResult r = apply(module(List.of(), List.of("exit 4"), List.of()));
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().startsWith("verify (exit 4) failed: exit 4"), r.failure());
    assertEquals(before, files());
    assertEquals(List.of("reload postfix", "reload postfix"), host.serviceCalls());
  }

  @Test
  void aServiceThatDoesNotAnswerAfterTheReloadIsRestored() throws Exception {
    Map<String, String> before = files();
    ApplyResult r = apply(module(List.of(), List.of(), List.of(993)));
    assertEquals(ApplyResult.Status.ROLLED_BACK, r.status());
    assertTrue(r.failure().startsWith("service check failed") && r.failure().contains("993"),
        r.failure());
    assertEquals(before, files());
    assertEquals(List.of("reload postfix", "reload postfix"), host.serviceCalls());
  }

  @Test
  void aHostLockedByAnotherRunIsLeftAlone() throws Exception {
    Files.writeString(host.hostState().resolve("lock"), "run=20261204T000000Z-abcd pid=1\n");
    Map<String, String> before = files();
    ApplyResult r = apply(module());
    assertEquals(ApplyResult.Status.FAILED, r.status());
    assertTrue(r.failure().contains("locked by another mailharden run (run=20261204T000000Z-abcd"),
        r.failure());
    assertEquals(before, files());
    assertTrue(locked(), "the other run's lock stays");
  }

  @Test
  void aHostWithoutAKnownInitSystemFailsBeforeAnythingIsWritten() throws Exception {
    Map<String, String> before = files();
    ApplyResult r = transaction(module(), "unknown", journal()).apply();
    assertEquals(ApplyResult.Status.FAILED, r.status());
    assertTrue(r.failure().contains("no init system"), r.failure());
    assertEquals(before, files());
    assertFalse(Files.exists(host.hostState().resolve("runs")), "not even a run directory");
  }

  @Test
  void aConnectionLostAfterTheWriteIsUndoneByRollbackFromTheJournal() throws Exception {
    Map<String, String> before = files();
    RunJournal journal = journal();
    host.cuttingAt("systemctl reload");
    assertThrows(ConnectionException.class,
        () -> transaction(module(), "systemd", journal).apply());
    assertTrue(files().get("etc/postfix/main.cf").contains("medium"), "written before the cut");
    host.reconnect();
    Rollback.Result r = Rollback.run(host, RunJournal.open(journal.id()), "systemd", false);
    assertTrue(r.restored(), r.message() + r.steps());
    assertEquals(before, files());
    assertEquals(List.of("reload postfix"), host.serviceCalls());
    assertEquals("rolled_back", RunJournal.open(journal.id()).status("mx1"));
    assertFalse(locked());
  }

  @Test
  void rollbackRefusesAFileChangedSinceTheRunUnlessForced() throws Exception {
    Map<String, String> before = files();
    RunJournal journal = journal();
    assertEquals(ApplyResult.Status.CHANGED,
        transaction(module(), "systemd", journal).apply().status());
    Files.writeString(Path.of(mainCf), "# edited after the run\n");
    Rollback.Result refused = Rollback.run(host, journal, "systemd", false);
    assertFalse(refused.restored());
    assertTrue(refused.message().contains(mainCf + " was changed since the run"),
        refused.message());
    assertEquals("# edited after the run\n", Files.readString(Path.of(mainCf)));
    Rollback.Result forced = Rollback.run(host, journal, "systemd", true);
    assertTrue(forced.restored(), forced.message());
    assertEquals(before, files());
  }
}
