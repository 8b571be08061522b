package dev.mailharden.core.probe;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Never take it away: the post-quantum hybrid groups each port accepts before a change, and
 * the verdict after it on a port that lost one (e.g. to a classic-only curve list). A port
 * that could not be measured before has nothing to keep.
 */
public final class HybridGuard {

  private final String address;
  private final ProbeOptions options;
  private final Map<Integer, List<String>> before = new LinkedHashMap<>();

  private HybridGuard(String address, ProbeOptions options) {
    this.address = address;
    this.options = options;
  }

  /** Measures {@code ports} (those answering before the change) as they are now. */
  public static HybridGuard before(String address, List<Integer> ports, ProbeOptions options) {
    HybridGuard g = new HybridGuard(address, options);
    for (int port : ports) {
      try {
        g.before.put(port, HybridKeyExchange.acceptedAt(address, port, options));
      } catch (IOException e) {
        // Unknown before: no claim to hold the change to.
      }
    }
    return g;
  }

  public List<String> before(int port) {
    return before.getOrDefault(port, List.of());
  }

  /** Why {@code port} fails after the change, or empty when it kept every hybrid it had. */
  public Optional<String> lost(int port) {
    List<String> had = before(port);
    if (had.isEmpty()) {
      return Optional.empty();
    }
    try {
      List<String> now = HybridKeyExchange.acceptedAt(address, port, options);
      List<String> lost = had.stream().filter(g -> !now.contains(g)).toList();
      return lost.isEmpty() ? Optional.empty() : Optional.of("key exchange: "
          + String.join(", ", lost) + " negotiated before the change, not after");
    } catch (IOException e) {
      return Optional.of("key exchange: could not check that " + String.join(", ", had)
          + " is still negotiated: " + HelloExchange.describe(e));
    }
  }
}
