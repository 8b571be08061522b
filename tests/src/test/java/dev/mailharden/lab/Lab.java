package dev.mailharden.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts lab hosts for tests: containers of the locally built lab images, host networking,
 * each bound to its own 127.0.2.N. Images are never pulled; a missing engine or image fails
 * the test with the command that fixes it.
 */
public final class Lab {

  public static final String ADMIN_PASSWORD = "admin-lab-pw";
  private static final String SETUP = "bash tests/lab/setup-host.sh";
  /** Test hosts live in 127.0.2.0/24, away from the demo lab's 127.0.0.1x. */
  private static final AtomicInteger NEXT_HOST = new AtomicInteger(10);
  /** Address locks: two test JVMs on one machine never share a lab address. */
  private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"),
      "mailharden-lab-addresses");
  private static final List<java.nio.channels.FileChannel> HELD = new ArrayList<>();
  private static final Map<String, LabHost> SHARED = new ConcurrentHashMap<>();
  private static final List<GenericContainer<?>> STARTED = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Lab::stopAll, "lab-stop"));
  }

  private Lab() {}

  /** The repository root (surefire passes it; tests run from tests/ otherwise). */
  public static Path repo() {
    return Path.of(System.getProperty("mailharden.repo", "..")).toAbsolutePath().normalize();
  }

  /** A host shared by read-only tests of the same JVM: started once, never changed. */
  public static LabHost shared(LabFlavor flavor, String release) {
    return SHARED.computeIfAbsent(flavor.image(release), k -> start(flavor, release));
  }

  /** A fresh host this test may change at will. */
  public static LabHost start(LabFlavor flavor, String release) {
    return start(flavor, release, LabShape.STOCK, Map.of());
  }

  /** A fresh host of the given shape (stock Debian files or admin-shaped) to change at will. */
  public static LabHost start(LabFlavor flavor, String release, LabShape shape) {
    return start(flavor, release, shape, Map.of());
  }

  /**
   * A fresh host with small file systems of its own mounted at some paths (path to tmpfs
   * options such as {@code size=1m}): a test can fill one without filling the machine.
   */
  public static LabHost start(LabFlavor flavor, String release, Map<String, String> tmpfs) {
    return start(flavor, release, LabShape.STOCK, tmpfs);
  }

  private static synchronized LabHost start(LabFlavor flavor, String release, LabShape shape,
      Map<String, String> tmpfs) {
    String image = flavor.image(release);
    requireImage(image);
    String address = claimAddress();
    String name = flavor.id().replace("-dovecot", "").replace("-cyrus", "") + "-" + release
        + "-" + address.substring(address.lastIndexOf('.') + 1) + ".lab.mailharden.test";
    Path state = repo().resolve("tests/target/lab-state");
    addLoopbackAddress(address);
    Path hostDir = Path.of(run(List.of("bash", repo().resolve("tests/lab/issue-cert.sh").toString(),
        state.toString(), name, address)).strip());
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withImagePullPolicy(imageName -> false)
            .withNetworkMode("host")
            .withCreateContainerCmdModifier(cmd -> cmd.withName("mh-test-" + address.replace('.', '-'))
                .getHostConfig().withInit(true).withCapAdd(Capability.SYS_PTRACE))
            .withEnv("LAB_IP", address)
            .withEnv("LAB_NAME", name)
            .withEnv("LAB_SHAPE", shape.env())
            .withFileSystemBind(hostDir.toString(), "/lab", BindMode.READ_ONLY)
            // The repository's start scripts, not the image's copies: changing them needs no
            // image rebuild (build-image.sh keys its cache on packages and build hook only).
            .withFileSystemBind(repo().resolve("tests/lab/lab-start").toString(),
                "/usr/local/sbin/lab-start", BindMode.READ_ONLY)
            .withFileSystemBind(repo().resolve("tests/lab/flavors/" + flavor.id() + "/setup.sh")
                .toString(), "/usr/local/lib/mailharden-lab/flavor-setup.sh", BindMode.READ_ONLY)
            .withFileSystemBind(repo().resolve("tests/lab/flavors/" + flavor.id()
                + "/admin-shape.sh").toString(), "/usr/local/lib/mailharden-lab/flavor-admin-shape.sh",
                BindMode.READ_ONLY)
            // No resolver: Exim's client host lookups would stall for seconds on the
            // machine's DNS (and leave loopback); nothing on 127.0.0.1:53 fails them at once.
            .withFileSystemBind(noResolver(state).toString(), "/etc/resolv.conf",
                BindMode.READ_ONLY)
            .withTmpFs(tmpfs)
            .waitingFor(Wait.forLogMessage(".*lab host .* ready on .*\\n", 1)
                .withStartupTimeout(Duration.ofSeconds(300)));
    removeLeftover("mh-test-" + address.replace('.', '-'));
    c.start();
    synchronized (STARTED) {
      STARTED.add(c);
    }
    LabHost host = new LabHost(name, address, release, flavor, state.resolve("id_ed25519"),
        state.resolve("ca.crt"), c.getContainerId());
    for (int port : concat(22, flavor.stockMailPorts())) {
      awaitPort(host, port, Duration.ofSeconds(30));
    }
    return host;
  }

  /**
   * A loopback address of this test's own (127.0.2.N, on lo, held like a lab host's), for a
   * listener the lab hosts reach, such as the outbound check's.
   */
  public static synchronized String claimLoopback() {
    String address = claimAddress();
    addLoopbackAddress(address);
    return address;
  }

  /**
   * The next 127.0.2.N no other live test JVM holds. The lock dies with its process, so a
   * killed run's address (and its left-over container) is taken over by the next run.
   */
  private static String claimAddress() {
    try {
      java.nio.file.Files.createDirectories(LOCKS);
      while (NEXT_HOST.get() < 250) {
        String address = "127.0.2." + NEXT_HOST.getAndIncrement();
        var ch = java.nio.channels.FileChannel.open(LOCKS.resolve(address),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        if (ch.tryLock() != null) {
          HELD.add(ch);
          return address;
        }
        ch.close();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock a lab address in " + LOCKS, e);
    }
    throw new IllegalStateException("no free lab address left in 127.0.2.10-249");
  }

  private static List<Integer> concat(int first, List<Integer> rest) {
    List<Integer> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void requireImage(String image) {
    DockerClient docker;
    try {
      docker = DockerClientFactory.instance().client();
    } catch (RuntimeException e) {
      throw new IllegalStateException("No Docker engine answers (" + e.getMessage()
          + "). Start it and build the lab images with: " + SETUP, e);
    }
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new IllegalStateException("Lab image " + image + " is missing. Build it with: "
          + SETUP + "  (or: bash tests/lab/build-image.sh RELEASE FLAVOR)", e);
    }
  }

  /**
   * A local, non-loopback IPv4 address of this machine, to connect FROM when a daemon would
   * treat a loopback client as trusted (Dovecot does). The destination stays a lab host's
   * 127.0.2.N, so nothing leaves the machine.
   */
  public static java.net.InetAddress nonLoopbackSource() throws java.net.SocketException {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      for (var a : java.util.Collections.list(nic.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    throw new IllegalStateException("this machine has no non-loopback IPv4 address to probe"
        + " Dovecot's plaintext refusal from (it trusts every loopback client)");
  }

  /** A container of a killed earlier run would hold the name; ours are disposable. */
  private static void removeLeftover(String containerName) {
    DockerClient docker = DockerClientFactory.instance().client();
    try {
      docker.removeContainerCmd(containerName).withForce(true).exec();
    } catch (NotFoundException e) {
      // Nothing left over: the normal case.
    }
  }

  /** lab-notes trap 1: daemons can bind 127.0.0.N only once lo carries it. */
  private static void addLoopbackAddress(String address) {
    String shown = run(List.of("ip", "-o", "addr", "show", "dev", "lo"));
    if (!shown.contains(" " + address + "/")) {
      run(List.of("ip", "addr", "add", address + "/32", "dev", "lo"));
    }
  }

  private static Path noResolver(Path state) {
    Path file = state.resolve("resolv.conf");
    try {
      java.nio.file.Files.createDirectories(state);
      java.nio.file.Files.writeString(file, "nameserver 127.0.0.1\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
    return file;
  }

  public static void awaitPort(LabHost host, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host.address(), port), 1000);
        return;
      } catch (IOException e) {
        last = e;
        sleep(200);
      }
    }
    throw new IllegalStateException(host.name() + " (" + host.address() + "): port " + port
        + " does not answer after " + timeout.toSeconds() + " s: " + last);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + err + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command inside a lab host's container, as root, bypassing SSH (for test setup). */
  public static String exec(LabHost host, String shellCommand) {
    return run(List.of("/usr/bin/docker", "exec", host.containerId(), "sh", "-c", shellCommand));
  }

  private static void stopAll() {
    synchronized (STARTED) {
      for (GenericContainer<?> c : STARTED) {
        c.stop();
      }
      STARTED.clear();
    }
  }
}
