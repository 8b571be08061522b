package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ConnectionException.Kind;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabFlavor;
import dev.mailharden.lab.LabHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mailharden's SSH transport against a real OpenSSH server of the lab. */
@Tag("lab")
class SshTransportLabTest {

  static LabHost host;
  @TempDir Path tmp;

  @BeforeAll
  static void startHost() {
    host = Lab.shared(LabFlavor.POSTFIX_DOVECOT, "trixie");
  }

  private SshTransport transport(boolean acceptNew) {
    return new SshTransport(new HostKeyPolicy(tmp.resolve("known_hosts"), acceptNew),
        Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  @Test
  void unknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
    try (SshTransport ssh = transport(false)) {
      ConnectionException e = assertThrows(ConnectionException.class,
          () -> ssh.connect(host.rootSpec()));
      assertEquals(Kind.HOST_KEY_UNKNOWN, e.kind());
      assertTrue(e.getMessage().startsWith(host.name() + ": unknown host key "), e.getMessage());
      assertTrue(e.getMessage().contains("SHA256:"), e.getMessage());
      assertTrue(e.getMessage().contains("--accept-new-host-keys"), e.getMessage());
    }
    assertFalse(Files.exists(tmp.resolve("known_hosts")) 
        && Files.readString(tmp.resolve("known_hosts")).contains(host.address()),
        "a refused key must not be recorded");
  }

  @Test
  void acceptNewRecordsTheKeyAndTheNextRunTrustsIt() throws Exception {
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(host.rootSpec())) {
      assertEquals("0", c.exec("id -u").stdout().strip());
    }
    String known = Files.readString(tmp.resolve("known_hosts"));
    assertTrue(known.contains(host.address()), known);
    try (SshTransport strict = transport(false);
        HostConnection c = strict.connect(host.rootSpec())) {
      assertTrue(c.exec("true").ok());
    }
  }

  @Test
  void changedHostKeyIsAlwaysRefused() throws Exception {
    KeyPair impostor = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    Files.writeString(tmp.resolve("known_hosts"), host.address() + " "
        + PublicKeyEntry.toString(impostor.getPublic()) + "\n");
    try (SshTransport ssh = transport(true)) {
      ConnectionException e = assertThrows(ConnectionException.class,
          () -> ssh.connect(host.rootSpec()));
      assertEquals(Kind.HOST_KEY_CHANGED, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("HOST KEY CHANGED"), e.getMessage());
    }
  }

  @Test
  void wrongKeyOrPasswordIsAnAuthErrorNamingTheHost() throws Exception {
    Path otherKey = tmp.resolve("other_ed25519");
    KeyPair other = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    try (var w = Files.newBufferedWriter(otherKey)) {
      org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
          .writePrivateKey(other, "test", null, Files.newOutputStream(otherKey));
    }
    ConnectionSpec wrongKey = new ConnectionSpec(host.name(), host.address(), 22, "root",
        Optional.of(otherKey), Optional.empty(), Optional.empty(), ConnectionSpec.Become.NONE);
    ConnectionSpec wrongPassword = new ConnectionSpec(host.name(), host.address(), 22, "admin",
        Optional.empty(), Optional.empty(), Optional.of("not-the-password"),
        ConnectionSpec.Become.NONE);
    try (SshTransport ssh = transport(true)) {
      for (ConnectionSpec spec : new ConnectionSpec[] {wrongKey, wrongPassword}) {
        ConnectionException e = assertThrows(ConnectionException.class, () -> ssh.connect(spec));
        assertEquals(Kind.AUTH_FAILED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(host.name() + ": authentication as "),
            e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
      }
    }
  }

  @Test
  void passwordAuthWorks() throws Exception {
    ConnectionSpec spec = new ConnectionSpec(host.name(), host.address(), 22, "admin",
        Optional.empty(), Optional.empty(), Optional.of(Lab.ADMIN_PASSWORD),
        ConnectionSpec.Become.NONE);
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(spec)) {
      assertEquals("admin", c.exec("id -un").stdout().strip());
    }
  }

  @Test
  void streamHandsOverEveryLineAsItArrivesWithoutKeepingTheOutput() throws Exception {
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(host.rootSpec())) {
      long[] count = {0};
      long[] sum = {0};
      // About 6.9 MB of output: counted line by line, never collected.
      ExecResult r = c.stream("seq 1 1000000; echo oops >&2", Duration.ofSeconds(60), l -> {
        count[0]++;
        sum[0] += Long.parseLong(l);
      });
      assertEquals(0, r.exitStatus());
      assertEquals("", r.stdout());
      assertEquals("oops\n", r.stderr());
      assertEquals(1_000_000L, count[0]);
      assertEquals(500_000_500_000L, sum[0]);
    }
  }

  @Test
  void streamStopsAtItsDeadline() throws Exception {
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(host.rootSpec())) {
      java.util.List<String> lines = new java.util.ArrayList<>();
      long start = System.nanoTime();
      ExecResult r = c.stream("echo first; sleep 30; echo never", Duration.ofSeconds(2),
          lines::add);
      assertTrue(r.timedOut());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
      assertEquals(java.util.List.of("first"), lines);
      assertEquals("still usable", c.exec("echo still usable").stdout().strip());
    }
  }

  /**
   * A command past its deadline is killed with everything it started (as root and through
   * sudo), not just abandoned: a slow write must not run on beside its own restore.
   */
  @Test
  void aTimedOutCommandIsKilledWithItsProcessGroup() throws Exception {
    ConnectionSpec sudo = host.adminSpec(
        new ConnectionSpec.Become(true, "root", Optional.of(Lab.ADMIN_PASSWORD)));
    for (ConnectionSpec spec : java.util.List.of(host.rootSpec(), sudo)) {
      String marker = "/tmp/mh-timeout-" + spec.user();
      try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(spec)) {
        ExecResult r = c.exec("sleep 4 && touch " + marker + " & sleep 600",
            Duration.ofSeconds(2));
        assertTrue(r.timedOut(), spec.user() + ": " + r);
      }
      Thread.sleep(4000);
      assertEquals("", Lab.exec(host, "pgrep -f '[s]leep 600' || true").strip(),
          spec.user() + ": the timed-out command still runs");
      assertEquals("", Lab.exec(host, "ls " + marker + " 2>/dev/null || true").strip(),
          spec.user() + ": a child of the timed-out command ran on");
    }
  }

  @Test
  void unreachableHostIsReportedAsSuch() throws Exception {
    ConnectionSpec nowhere = new ConnectionSpec("gone.lab", "127.0.2.254", 22, "root",
        Optional.empty(), Optional.empty(), Optional.empty(), ConnectionSpec.Become.NONE);
    try (SshTransport ssh = transport(true)) {
      ConnectionException e = assertThrows(ConnectionException.class, () -> ssh.connect(nowhere));
      assertEquals(Kind.UNREACHABLE, e.kind());
      assertTrue(e.getMessage().startsWith("gone.lab: cannot connect to 127.0.2.254:22"),
          e.getMessage());
    }
  }

  @Test
  void sudoBecomeWithPasswordRunsAsRootAndWrongPasswordIsRefused() throws Exception {
    ConnectionSpec become = host.adminSpec(
        new ConnectionSpec.Become(true, "root", Optional.of(Lab.ADMIN_PASSWORD)));
    ConnectionSpec badBecome = host.adminSpec(
        new ConnectionSpec.Become(true, "root", Optional.of("wrong-sudo-pw")));
    try (SshTransport ssh = transport(true)) {
      try (HostConnection c = ssh.connect(become)) {
        ExecResult r = c.exec("id -u; cat /etc/shadow >/dev/null && echo shadow-readable");
        assertEquals("0\nshadow-readable\n", r.stdout());
        assertFalse(r.stdout().contains(Lab.ADMIN_PASSWORD) || r.stderr()
            .contains(Lab.ADMIN_PASSWORD));
        // The password went to sudo, never to the command: its stdin is empty.
        assertEquals("", c.exec("cat").stdout());
      }
      try (HostConnection c = ssh.connect(badBecome)) {
        ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("id -u"));
        assertEquals(Kind.BECOME_FAILED, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-sudo-pw"));
      }
    }
  }

  /** File contents go on stdin after sudo's password: 200 KB is past the argv ceiling. */
  @Test
  void inputTravelsOnStdinAfterTheSudoPasswordWhateverItsSize() throws Exception {
    ConnectionSpec become = host.adminSpec(
        new ConnectionSpec.Become(true, "root", Optional.of(Lab.ADMIN_PASSWORD)));
    byte[] input = ("line with 'quotes' and $(id)\n".repeat(7000) + "no newline at the end")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String expected = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(input));
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(become)) {
      ExecResult r = c.exec("id -u; sha256sum | cut -d' ' -f1", input);
      assertTrue(r.ok(), r.stderr());
      assertEquals("0\n" + expected + "\n", r.stdout());
    }
  }

  @Test
  void restartingDovecotDoesNotHangTheSession() throws Exception {
    // lab-notes trap 4: Dovecot's master keeps the stderr it was started with.
    try (SshTransport ssh = transport(true); HostConnection c = ssh.connect(host.rootSpec())) {
      ExecResult r = c.exec("service dovecot restart", Duration.ofSeconds(40));
      assertFalse(r.timedOut(), "service dovecot restart hung the SSH channel");
      assertEquals(0, r.exitStatus(), r.stdout() + r.stderr());
      Lab.awaitPort(host, 143, Duration.ofSeconds(20));
    }
  }

  @Test
  void keysInTheUsersSshAgentAreUsedWhenNoKeyFileIsGiven() throws Exception {
    // A real OpenSSH agent holding the lab key, run as the `facts` CLI would find it.
    Path socket = tmp.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true).start();
    try {
      for (int i = 0; i < 50 && !Files.exists(socket); i++) {
        Thread.sleep(100);
      }
      ProcessBuilder pb = new ProcessBuilder("ssh-add", host.sshKey().toString());
      pb.environment().put("SSH_AUTH_SOCK", socket.toString());
      assertEquals(0, pb.redirectErrorStream(true).start().waitFor(), "ssh-add");
      Path inv = tmp.resolve("agent.ini");
      Files.writeString(inv, "[mta]\n" + host.name() + " ansible_host=" + host.address()
          + " ansible_user=root\n");
      ProcessBuilder cli = new ProcessBuilder("java", "-cp", System.getProperty(
          "java.class.path"), "dev.mailharden.cli.MailHarden", "facts", "-i", inv.toString(),
          "--known-hosts", tmp.resolve("kh").toString(), "--accept-new-host-keys");
      cli.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process p = cli.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), out);
      assertTrue(out.contains(host.name()) && out.contains("postfix "), out);
    } finally {
      agent.destroy();
    }
  }

  @Test
  void encryptedKeyWorksWithItsPassphraseAndFailsClearlyWithout() throws Exception {
    Path key = tmp.resolve("encrypted_ed25519");
    assertEquals(0, new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N",
        "correct horse", "-f", key.toString()).start().waitFor());
    Lab.exec(host, "echo '" + Files.readString(tmp.resolve("encrypted_ed25519.pub")).strip()
        + "' >> /root/.ssh/authorized_keys");
    ConnectionSpec withPassphrase = new ConnectionSpec(host.name(), host.address(), 22, "root",
        Optional.of(key), Optional.of("correct horse"), Optional.empty(),
        ConnectionSpec.Become.NONE);
    ConnectionSpec without = new ConnectionSpec(host.name(), host.address(), 22, "root",
        Optional.of(key), Optional.empty(), Optional.empty(), ConnectionSpec.Become.NONE);
    try (SshTransport ssh = transport(true)) {
      try (HostConnection c = ssh.connect(withPassphrase)) {
        assertEquals("0", c.exec("id -u").stdout().strip());
      }
      ConnectionException e = assertThrows(ConnectionException.class, () -> ssh.connect(without));
      assertEquals(Kind.AUTH_FAILED, e.kind());
      assertTrue(e.getMessage().contains("MAILHARDEN_SSH_KEY_PASSPHRASE"), e.getMessage());
    }
  }
}
