package dev.mailharden.core.outbound;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.TlsVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Proves a host's sending side from the receiving end: asks the host's MTA to send one
 * message to the controller's {@link OutboundListener}, and judges what the listener saw.
 * The MTA must have used STARTTLS and its ClientHello must offer no version the profile's
 * MTA policy refuses (the port-25 floor: opportunistic TLS both ways). Hosts take turns: the
 * listener tells sessions apart by the recipient, which a failed handshake never reaches.
 */
public final class OutboundCheck {

  /** Time for the MTA to deliver (Postfix hands the message to its queue manager first). */
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  private final OutboundListener listener;
  private final Collection<ProductModule> modules;

  public OutboundCheck(OutboundListener listener, Collection<ProductModule> modules) {
    this.listener = listener;
    this.modules = modules;
  }

  /** The MTAs among {@code products} that can be made to send, with how. */
  public List<OutboundTest> tests(Collection<ProductFact> products, String recipient)
      throws BadInputException {
    List<OutboundTest> out = new ArrayList<>();
    for (ProductFact fact : products) {
      for (ProductModule m : modules) {
        if (m.name().equals(fact.product())) {
          m.outboundTest(fact, recipient).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /**
   * Every MTA of {@code products} sends once; one verdict each. {@code step} hears of each
   * send as it starts (journal, progress).
   */
  public List<OutboundVerdict> check(RemoteShell host, Collection<ProductFact> products,
      Profile profile, Consumer<String> step) throws ConnectionException, BadInputException {
    List<OutboundVerdict> verdicts = new ArrayList<>();
    for (ProductFact fact : products) {
      String recipient = listener.newRecipient();
      for (OutboundTest t : tests(List.of(fact), recipient)) {
        step.accept("outbound check: " + t.product() + " sends to " + recipient);
        verdicts.add(check(host, t, recipient, profile));
      }
    }
    return verdicts;
  }

  private synchronized OutboundVerdict check(RemoteShell host, OutboundTest test,
      String recipient, Profile profile) throws ConnectionException {
    Instant since = Instant.now();
    ExecResult sent = host.exec(test.send(), DELIVERY);
    List<OutboundSession> seen;
    try {
      seen = sent.ok() ? listener.awaitDelivery(recipient, since, DELIVERY) : List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(host.hostName(), ConnectionException.Kind.CONNECTION_LOST,
          "interrupted while waiting for the outbound check's message");
    }
    ExecResult purged = host.exec(test.purge());
    return new OutboundVerdict(host.hostName(), test.product(), recipient,
        judge(sent, seen, recipient, PortPolicy.of(profile, 25).refusedVersions()), seen,
        purged.ok() ? purged.stdout().strip() : "purge failed: " + (purged.stderr()
            + purged.stdout()).strip());
  }

  /** The findings for one send: sent, delivered, over STARTTLS, no refused version offered. */
  static List<Finding> judge(ExecResult sent, List<OutboundSession> seen, String recipient,
      Set<TlsVersion> refused) {
    List<Finding> f = new ArrayList<>();
    if (!sent.ok()) {
      f.add(new Finding("outbound send", false, "the MTA did not take the message: exit "
          + sent.exitStatus() + ": " + (sent.stderr() + sent.stdout()).strip()));
      return f;
    }
    Optional<OutboundSession> delivered = seen.stream()
        .filter(s -> s.delivered() && s.recipients().contains(recipient)).findFirst();
    f.add(delivered.isPresent()
        ? new Finding("outbound delivery", true, "the listener took the message")
        : new Finding("outbound delivery", false, "no message reached the listener within "
            + DELIVERY.toSeconds() + " s" + (seen.isEmpty() ? " (no session at all)"
                : ": " + String.join("; ", seen.stream().map(OutboundSession::summary)
                    .toList()))));
    delivered.ifPresent(d -> f.add(new Finding("outbound tls", d.startTls(), d.summary())));
    List<String> offered = new ArrayList<>();
    for (OutboundSession s : seen) {
      if (s.startTls()) {
        s.hello().versions().stream().filter(refused::contains)
            .forEach(v -> offered.add(v.label()));
      }
    }
    if (seen.stream().anyMatch(OutboundSession::startTls)) {
      f.add(new Finding("outbound protocols", offered.isEmpty(), offered.isEmpty()
          ? "no refused version (" + refused + ") offered"
          : "offered " + String.join(", ", offered.stream().distinct().toList())
              + ", which the profile refuses"));
    }
    return f;
  }
}
