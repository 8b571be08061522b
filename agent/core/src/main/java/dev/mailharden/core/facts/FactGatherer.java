package dev.mailharden.core.facts;

import dev.mailharden.core.probe.TlsStart;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.module.ModuleResources;
import dev.mailharden.core.module.ProductModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gathers a host's facts in one round trip: the core's host fragment and every module's
 * fragment are joined into one script, each section behind a marker line.
 */
public final class FactGatherer {

  private static final String MARKER = "@@mailharden-section ";
  private static final String HOST_SECTION = "host";
  /** ManageSieve: not a TLS port the profiles judge, but a mail listener an admin looks for. */
  private static final int MANAGESIEVE = 4190;

  private final List<ProductModule> modules;
  private final String script;

  public FactGatherer(List<ProductModule> modules) {
    this.modules = List.copyOf(modules);
    // The modules' fragments call its function server_cert (their subshells inherit it).
    StringBuilder b = new StringBuilder(ModuleResources.text(FactGatherer.class, "core",
        "cert-facts.sh")).append('\n');
    appendSection(b, HOST_SECTION, ModuleResources.text(FactGatherer.class, "core", "host-facts.sh"));
    for (ProductModule m : modules) {
      appendSection(b, m.name(), m.factsScript());
    }
    this.script = b.toString();
  }

  private static void appendSection(StringBuilder b, String name, String fragment) {
    // Each fragment runs in a subshell so that its variables, exits and errors stay its own.
    b.append("echo '").append(MARKER).append(name).append("'\n(\n")
        .append(fragment).append("\n) 2>/dev/null\n");
  }

  /** The whole script, for tests and for --verbose output. */
  public String script() {
    return script;
  }

  public HostFacts gather(RemoteShell host) throws ConnectionException, FactsException {
    ExecResult r = host.exec(script);
    if (r.timedOut()) {
      throw new FactsException(host.hostName() + ": fact gathering timed out");
    }
    Map<String, String> sections = split(r.stdout());
    if (!sections.containsKey(HOST_SECTION)) {
      throw new FactsException(host.hostName() + ": fact gathering printed nothing usable"
          + " (exit " + r.exitStatus() + "): " + r.stderr().strip());
    }
    return read(host.hostName(), host.address(), sections);
  }

  HostFacts read(String hostName, String address, Map<String, String> sections) {
    FactLines h = new FactLines(sections.get(HOST_SECTION));
    List<ProductFact> products = new ArrayList<>();
    for (ProductModule m : modules) {
      m.readFacts(new FactLines(sections.getOrDefault(m.name(), ""))).ifPresent(products::add);
    }
    Set<HostFacts.ListeningPort> ports = new TreeSet<>(
        java.util.Comparator.comparingInt(HostFacts.ListeningPort::port)
            .thenComparing(HostFacts.ListeningPort::address));
    for (String hex : h.all("listen")) {
      HostFacts.ListeningPort p = ProcNetTcp.decode(hex);
      if (TlsStart.MAIL_PORTS.contains(p.port()) || p.port() == MANAGESIEVE) {
        ports.add(p);
      }
    }
    return new HostFacts(hostName, address, h.get("os_id").orElse("unknown"),
        h.get("os_version").orElse(""), h.get("os_name").orElse(""),
        h.get("init").orElse("unknown"), products, new ArrayList<>(ports));
  }

  static Map<String, String> split(String output) {
    Map<String, String> sections = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        if (current != null) {
          sections.put(current, body.toString());
        }
        current = line.substring(MARKER.length()).strip();
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.put(current, body.toString());
    }
    return sections;
  }
}
