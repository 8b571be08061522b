package dev.mailharden.core.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a TLS 1.3 port shows of post-quantum hybrid key exchange (X25519MLKEM768 and kin).
 * Detection is cheap (a hello naming the group in supported_groups with no share of it:
 * a server that takes it answers HelloRetryRequest selecting it, RFC 8446 4.1.4); the proof
 * is one full key share of each hybrid found, answered by a ServerHello share of the
 * group's size.
 *
 * @param preferred the group the server picks when offered every TLS 1.3 group, hybrids
 *     first as OpenSSL 3.5 clients offer them, with only an X25519 share; null if refused
 * @param preferredByRetry the server asked for that group's share (HelloRetryRequest)
 *     rather than use the X25519 share it had
 * @param accepted the hybrids the server selects when offered alone without a share
 * @param proven those whose full key share got a ServerHello share of the expected size
 * @param problems per accepted hybrid not proven, what its full key share got instead
 * @param largeHelloBytes the size of the padded hello (classic share) sent
 * @param largeHelloAnswered the server answered it: false where the server or the path
 *     drops hellos larger than one TCP segment, as every hybrid-offering client sends
 */
public record HybridKeyExchange(String preferred, boolean preferredByRetry,
    List<String> accepted, List<String> proven, List<String> problems, int largeHelloBytes,
    boolean largeHelloAnswered) {

  /** About an OpenSSL 3.5 client's default hello (X25519MLKEM768 and X25519 shares). */
  static final int LARGE_HELLO = 1600;
  private static final List<NamedGroup> HYBRIDS = Arrays.stream(NamedGroup.values())
      .filter(NamedGroup::hybrid).toList();

  /** Surveys a port that accepts TLS 1.3, given the groups its HelloRetryRequests named. */
  static HybridKeyExchange survey(HelloExchange hellos, List<String> groupsAccepted)
      throws IOException {
    List<NamedGroup> clientOrder = new ArrayList<>(HYBRIDS);
    HelloExchange.defaultGroups(TlsVersion.TLS_1_3).stream().filter(g -> !g.hybrid())
        .forEach(clientOrder::add);
    ServerReply choice = hellos.keyShareHello(clientOrder, NamedGroup.X25519, 0);
    List<String> accepted = HYBRIDS.stream().map(NamedGroup::label)
        .filter(groupsAccepted::contains).toList();
    List<String> proven = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String label : accepted) {
      NamedGroup g = NamedGroup.byLabel(label);
      ServerReply r = hellos.keyShareHello(List.of(g), g, 0);
      if (r.accepted() && !r.helloRetry() && r.group() == g.code()
          && r.keyShareLength() == g.serverShareLength()) {
        proven.add(label);
      } else {
        problems.add(label + ": a full key share got " + (r.accepted() && !r.helloRetry()
            ? "a " + r.keyShareLength() + "-byte share of " + NamedGroup.nameOf(r.group())
            + ", not " + g.serverShareLength() + " bytes" : r.toString()));
      }
    }
    ServerReply large = hellos.keyShareHello(clientOrder, NamedGroup.X25519, LARGE_HELLO);
    return new HybridKeyExchange(choice.accepted() ? NamedGroup.nameOf(choice.group()) : null,
        choice.helloRetry(), accepted, List.copyOf(proven), List.copyOf(problems),
        LARGE_HELLO, large.accepted());
  }

  /**
   * The findings of their own this survey adds to a port's verdict, whatever the profile:
   * a server or path that drops large hellos fails every client offering a hybrid, and an
   * accepted hybrid whose full key share goes wrong fails those that pick it.
   */
  public List<Finding> findings() {
    List<Finding> f = new ArrayList<>();
    f.add(Finding.of("large hello", largeHelloAnswered, "a " + largeHelloBytes
        + "-byte ClientHello " + (largeHelloAnswered ? "answered"
            : "got no answer, though smaller ones do")));
    if (!problems.isEmpty()) {
      f.add(Finding.fail("hybrid key exchange", String.join("; ", problems)));
    }
    return f;
  }

  /**
   * The hybrids a port accepts, by remove-and-retry of hellos without a share (one
   * connection per hybrid found, plus one): what a change must not take away.
   */
  public static List<String> acceptedAt(String address, int port, ProbeOptions options)
      throws IOException {
    HelloExchange hellos = new HelloExchange(new Endpoint(address, port,
        TlsStart.forPort(port)), options);
    return hellos.groupsChosen(TlsVersion.TLS_1_3, CipherSuites.codes(CipherSuites.tls13()),
        HYBRIDS);
  }
}
