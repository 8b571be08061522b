package dev.mailharden.core.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forks, order, outcome classes and Ansible's rolling batches with max-fail, over real SSH
 * connections to an in-process server (one per host, as on a fleet).
 */
class FleetRunnerTest {

  @TempDir
  Path tmp;
  private SshServer sshd;
  private SshTransport ssh;
  private int closedPort;

  @BeforeEach
  void start() throws Exception {
    KeyPair key = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(key));
    sshd.setPasswordAuthenticator((user, password, session) -> "pw".equals(password));
    sshd.start();
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " "
        + PublicKeyEntry.toString(key.getPublic()) + "\n");
    ssh = new SshTransport(new HostKeyPolicy(knownHosts, false), Duration.ofSeconds(10),
        Duration.ofSeconds(10));
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    ssh.close();
    sshd.stop(true);
  }

  private int port() {
    return ((InetSocketAddress) sshd.getBoundAddresses().iterator().next()).getPort();
  }

  private ConnectionSpec host(String name) {
    return new ConnectionSpec(name, "127.0.0.1", name.startsWith("down") ? closedPort : port(),
        "admin", Optional.empty(), Optional.empty(), Optional.of("pw"),
        ConnectionSpec.Become.NONE);
  }

  private List<ConnectionSpec> hosts(String... names) {
    return java.util.Arrays.stream(names).map(this::host).toList();
  }

  /** A job that fails on hosts named bad*, rejects input on input*, else returns the name. */
  private static String job(String hostName) throws Exception {
    if (hostName.startsWith("bad")) {
      throw new IllegalStateException("validation failed");
    }
    if (hostName.startsWith("input")) {
      throw new BadInputException("host_vars/" + hostName + ".yml", "no such certificate");
    }
    return "done " + hostName;
  }

  private static List<String> statuses(List<HostOutcome<String>> outcomes) {
    return outcomes.stream().map(o -> o.host() + "=" + o.status()).toList();
  }

  @Test
  void outcomesComeInInventoryOrderWithTheirClass() throws Exception {
    List<HostOutcome<String>> out = new FleetRunner(ssh, 3, Progress.NONE).run(
        hosts("mx1", "bad1", "down1", "input1", "mx2"), c -> job(c.hostName()));
    assertEquals(List.of("mx1=OK", "bad1=FAILED", "down1=UNREACHABLE", "input1=BAD_INPUT",
        "mx2=OK"), statuses(out));
    assertEquals(Optional.of("done mx2"), out.get(4).result());
    assertTrue(out.get(1).message().startsWith("bad1: validation failed"), out.get(1).message());
  }

  @Test
  void neverMoreHostsAtOnceThanForks() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<ConnectionSpec> eight = IntStream.rangeClosed(1, 8).mapToObj(i -> host("mx" + i))
        .toList();
    new FleetRunner(ssh, 2, Progress.NONE).run(eight, c -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(50);
      running.decrementAndGet();
      return "";
    });
    assertEquals(2, most.get());
  }

  @Test
  void batchesStopOnceMoreThanMaxFailPercentHaveFailed() throws Exception {
    List<HostOutcome<String>> out = new FleetRunner(ssh, 5, Progress.NONE).runInBatches(
        hosts("mx1", "bad1", "mx2", "mx3", "mx4", "mx5"), 2, 40,
        o -> o.status() != HostOutcome.Status.OK, c -> job(c.hostName()));
    assertEquals(List.of("mx1=OK", "bad1=FAILED", "mx2=SKIPPED", "mx3=SKIPPED", "mx4=SKIPPED",
        "mx5=SKIPPED"), statuses(out));
    assertTrue(out.get(2).message().contains("1 of 2 hosts failed, more than"
        + " --max-fail-percentage 40"), out.get(2).message());
  }

  @Test
  void failuresAtTheLimitLetTheNextBatchStart() throws Exception {
    List<HostOutcome<String>> out = new FleetRunner(ssh, 5, Progress.NONE).runInBatches(
        hosts("mx1", "bad1", "mx2", "mx3", "bad2", "mx4"), 2, 50,
        o -> o.status() != HostOutcome.Status.OK, c -> job(c.hostName()));
    assertEquals(List.of("mx1=OK", "bad1=FAILED", "mx2=OK", "mx3=OK", "bad2=FAILED", "mx4=OK"),
        statuses(out));
  }

  @Test
  void serialTakesCountsAndPercentagesLikeAnsible() throws Exception {
    assertEquals(10, Batches.parse(null, 10));
    assertEquals(3, Batches.parse("3", 10));
    assertEquals(2, Batches.parse("25%", 10));
    assertEquals(1, Batches.parse("1%", 10), "never a batch of none");
    for (String bad : List.of("0", "-1", "0%", "101%", "many")) {
      assertThrows(BadInputException.class, () -> Batches.parse(bad, 10), bad);
    }
  }
}
