package dev.mailharden.core.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactGathererTest {

  @Test
  void decodesProcNetTcpAddressesAsTheKernelPrintsThem() {
    // Lines taken from a lab host's /proc/net/tcp and /proc/net/tcp6.
    assertEquals(new HostFacts.ListeningPort("127.0.0.11", 25), ProcNetTcp.decode("0B00007F:0019"));
    assertEquals(new HostFacts.ListeningPort("0.0.0.0", 993), ProcNetTcp.decode("00000000:03E1"));
    assertEquals(new HostFacts.ListeningPort("0:0:0:0:0:0:0:1", 143),
        ProcNetTcp.decode("00000000000000000000000001000000:008F"));
  }

  @Test
  void splitsSectionsByMarkerAndKeepsOnlyMailPorts() {
    String out = "@@mailharden-section host\nos_id=debian\nos_version=13\ninit=sysvinit\n"
        + "listen=0B00007F:0019\nlisten=0B00007F:0016\nlisten=0B00007F:03E1\n"
        + "@@mailharden-section postfix\n";
    Map<String, String> sections = FactGatherer.split(out);
    assertEquals(List.of("host", "postfix"), List.copyOf(sections.keySet()));
    HostFacts f = new FactGatherer(List.of()).read("mx1", "127.0.0.11", sections);
    assertEquals("debian", f.osId());
    assertEquals("13", f.osVersion());
    assertEquals("sysvinit", f.initSystem());
    assertEquals(List.of(new HostFacts.ListeningPort("127.0.0.11", 25),
        new HostFacts.ListeningPort("127.0.0.11", 993)), f.listening());
    assertEquals(List.of(25, 993), f.portsAtAddress());
  }

  @Test
  void repeatedKeysAreListsAndBlankValuesAbsent() {
    FactLines l = new FactLines("a=1\na=2\nb=\nc= x \n");
    assertEquals(List.of("1", "2"), l.all("a"));
    assertEquals("2", l.get("a").orElseThrow());
    assertEquals(false, l.get("b").isPresent());
    assertEquals(Map.of("a", "2", "c", "x"), l.allExcept("b"));
  }
}
