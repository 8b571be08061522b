package dev.mailharden.core.names;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's dnsmasq serving a test zone on one loopback address, port 53: no upstream, no
 * /etc/hosts, only the records given; names under the {@code local} domains it does not
 * know are NXDOMAIN (as an authoritative server answers). Needs root (CI and the lab run
 * as root) and the dnsmasq-base package (tests/lab/setup-host.sh installs it).
 */
public final class Dnsmasq implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final InetSocketAddress address;

  private Dnsmasq(Process process, Path log, InetSocketAddress address) {
    this.process = process;
    this.log = log;
    this.address = address;
  }

  /**
   * @param listen a 127.x address no other test uses
   * @param local domains dnsmasq answers for alone (e.g. "test", "2.0.192.in-addr.arpa")
   * @param records dnsmasq options such as {@code --host-record=mx1.example.test,192.0.2.10}
   */
  public static Dnsmasq start(String listen, List<String> local, List<String> records)
      throws IOException, InterruptedException {
    if (!InetAddress.getByName(listen).isLoopbackAddress()) {
      throw new IllegalArgumentException("test DNS stays on loopback, not " + listen);
    }
    List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground",
        "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
        "--listen-address=" + listen, "--port=53", "--pid-file=", "--log-queries",
        "--log-facility=-"));
    local.forEach(d -> cmd.add("--local=/" + d + "/"));
    cmd.addAll(records);
    Path log = Files.createTempFile("dnsmasq-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(listen), 53);
    Dnsmasq d = new Dnsmasq(p, log, at);
    // Ready when it answers one of its own names.
    DnsLookup probe = DnsLookup.using(at, Duration.ofMillis(200));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("dnsmasq exited: " + Files.readString(log));
      }
      try {
        probe.mx(local.get(0));
        return d;
      } catch (DnsLookup.LookupException e) {
        Thread.sleep(100);
      }
    }
    d.close();
    throw new IllegalStateException("dnsmasq did not answer on " + listen + ": "
        + Files.readString(log));
  }

  public InetSocketAddress address() {
    return address;
  }

  /** What dnsmasq logged (every query, with --log-queries). */
  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
      Files.deleteIfExists(log);
    } catch (InterruptedException | IOException e) {
      Thread.currentThread().interrupt();
    }
  }
}
