package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.outbound.OutboundListener;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Where the outbound check listens and the hosts send its message (apply, probe). */
final class OutboundOptions {

  private static final Pattern ADDRESS = Pattern.compile(
      "((?:\\d{1,3}\\.){3}\\d{1,3})(?::(\\d{1,5}))?");

  @Option(names = "--outbound", paramLabel = "ADDRESS[:PORT]",
      description = "Check the sending side: each MTA sends one message (null sender) to"
          + " name@[ADDRESS], where mailharden listens for the run's duration, and must use"
          + " STARTTLS without offering a version the profile refuses (apply rolls back"
          + " otherwise; --check sends nothing). ADDRESS is an IPv4 address of this machine the hosts reach on port"
          + " 25; PORT (default 25) is where mailharden binds, when a redirect maps"
          + " ADDRESS:25 to it. Binding port 25 needs root or CAP_NET_BIND_SERVICE.")
  String outbound;

  /** The listener, started; empty without --outbound. Nothing is contacted on bad input. */
  Optional<OutboundListener> start() throws BadInputException, IOException {
    if (outbound == null) {
      return Optional.empty();
    }
    Matcher m = ADDRESS.matcher(outbound.strip());
    int port = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 25;
    if (!m.matches() || port < 1 || port > 65535) {
      throw new BadInputException("--outbound", "expected an IPv4 ADDRESS[:PORT], got '"
          + outbound + "'");
    }
    return Optional.of(OutboundListener.start(m.group(1), port));
  }
}
