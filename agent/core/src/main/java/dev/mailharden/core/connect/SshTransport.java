package dev.mailharden.core.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * One MINA SSHD client for the whole run; {@link #connect} opens the single session a host
 * gets. Host keys are verified against known_hosts (never accept-all), and every wait has a
 * deadline.
 */
public final class SshTransport implements AutoCloseable {

  private final SshClient client;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  /** Why the verifier refused a host key, keyed by session, to turn into a clear error. */
  private final Map<ClientSession, String> hostKeyRefusals = new ConcurrentHashMap<>();

  public SshTransport(HostKeyPolicy hostKeys, Duration connectTimeout, Duration commandTimeout) {
    this.connectTimeout = connectTimeout;
    this.commandTimeout = commandTimeout;
    client = SshClient.setUpDefaultClient();
    // Inventory values win; ~/.ssh/config is merged by the inventory layer before connect.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    // No keys from ~/.ssh unless the inventory or ssh config names them.
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setServerKeyVerifier(verifier(hostKeys));
    client.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        if (session instanceof ClientSession c) {
          preferKnownKeyTypes(c, hostKeys.knownHostsFile());
        }
      }
    });
    // Keys in the user's ssh-agent are offered too, as ssh does (after any key file).
    String agent = System.getenv("SSH_AUTH_SOCK");
    if (agent != null && !agent.isBlank()) {
      client.setAgentFactory(new UnixSocketAgent.Factory(java.nio.file.Path.of(agent)));
    }
    client.start();
  }

  private ServerKeyVerifier verifier(HostKeyPolicy policy) {
    ServerKeyVerifier unknown =
        (session, remote, key) -> {
          if (policy.acceptNew()) {
            return true;
          }
          hostKeyRefusals.put(
              session,
              "unknown host key " + describe(key) + " (not in " + policy.knownHostsFile()
                  + "); verify it out of band, then run again with --accept-new-host-keys"
                  + " to record it");
          return false;
        };
    KnownHostsServerKeyVerifier known =
        new KnownHostsServerKeyVerifier(unknown, policy.knownHostsFile());
    known.setModifiedServerKeyAcceptor(
        (session, remote, entry, expected, actual) -> {
          hostKeyRefusals.put(
              session,
              "HOST KEY CHANGED: " + policy.knownHostsFile() + " has " + describe(expected)
                  + " but the server offered " + describe(actual)
                  + ". This may be a man-in-the-middle attack. If the host was reinstalled,"
                  + " remove its old line from " + policy.knownHostsFile() + " (ssh-keygen -R)");
          return false;
        });
    return known;
  }

  /**
   * As OpenSSH does: the host-key algorithms known_hosts holds for this host come first in
   * the session's offer, so that a host that also has a key of another type known_hosts
   * lacks is not taken for a changed key. Called before the key exchange starts.
   */
  private static void preferKnownKeyTypes(ClientSession session, Path knownHosts) {
    if (!(session.getConnectAddress() instanceof java.net.InetSocketAddress target)
        || !Files.isRegularFile(knownHosts)) {
      return;
    }
    java.util.Set<String> known = new java.util.HashSet<>();
    try {
      for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(knownHosts)) {
        boolean match = e.getHashedEntry() != null
            ? e.getHashedEntry().isHostMatch(target.getHostString(), target.getPort())
            : e.isHostMatch(target.getHostString(), target.getPort());
        if (match && e.getKeyEntry() != null) {
          known.add(e.getKeyEntry().getKeyType());
        }
      }
    } catch (IOException e) {
      return; // The verifier reports an unreadable known_hosts.
    }
    if (known.isEmpty()) {
      return;
    }
    java.util.List<NamedFactory<Signature>> offered =
        new java.util.ArrayList<>(session.getSignatureFactories());
    offered.sort(java.util.Comparator.comparing(
        f -> !known.contains(KeyUtils.getCanonicalKeyType(f.getName()))));
    session.setSignatureFactories(offered);
  }

  private static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }

  /** Opens and authenticates the session for one host. */
  public HostConnection connect(ConnectionSpec spec) throws ConnectionException {
    String host = spec.inventoryName();
    ClientSession session;
    try {
      session =
          client
              .connect(spec.user(), spec.address(), spec.port())
              .verify(connectTimeout)
              .getSession();
    } catch (IOException e) {
      throw new ConnectionException(
          host,
          ConnectionException.Kind.UNREACHABLE,
          "cannot connect to " + spec.address() + ":" + spec.port() + ": " + rootMessage(e),
          e);
    }
    try {
      for (KeyPair pair : identities(spec)) {
        session.addPublicKeyIdentity(pair);
      }
      spec.password().ifPresent(session::addPasswordIdentity);
      session.auth().verify(connectTimeout);
    } catch (IOException | GeneralSecurityException e) {
      String refusal = hostKeyRefusals.remove(session);
      closeQuietly(session);
      if (refusal != null) {
        throw new ConnectionException(
            host,
            refusal.startsWith("HOST KEY CHANGED")
                ? ConnectionException.Kind.HOST_KEY_CHANGED
                : ConnectionException.Kind.HOST_KEY_UNKNOWN,
            refusal,
            e);
      }
      if (e instanceof NoSuchFileException || e instanceof GeneralSecurityException) {
        throw new ConnectionException(
            host, ConnectionException.Kind.AUTH_FAILED, "cannot load key: " + rootMessage(e), e);
      }
      throw new ConnectionException(
          host,
          ConnectionException.Kind.AUTH_FAILED,
          "authentication as " + spec.user() + " failed (" + authMethods(spec) + "): "
              + rootMessage(e),
          e);
    }
    return new HostConnection(spec, session, commandTimeout);
  }

  private static Iterable<KeyPair> identities(ConnectionSpec spec)
      throws IOException, GeneralSecurityException {
    if (spec.identityFile().isEmpty()) {
      return java.util.List.of();
    }
    Path file = spec.identityFile().get();
    FilePasswordProvider passphrase = spec.identityPassphrase()
        .map(FilePasswordProvider::of).orElse(SshTransport::askPassphrase);
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
              passphrase);
      if (pairs == null) {
        throw new GeneralSecurityException("no key found in " + file);
      }
      return pairs;
    }
  }

  /**
   * An encrypted key without a configured passphrase: ask on the terminal, as ssh does; with
   * no terminal (cron, CI) say how to give it instead.
   */
  private static String askPassphrase(org.apache.sshd.common.session.SessionContext session,
      NamedResource key, int attempt) throws IOException {
    java.io.Console console = System.console();
    if (console == null || attempt > 2) {
      throw new IOException(key.getName() + " is encrypted: give its passphrase in"
          + " MAILHARDEN_SSH_KEY_PASSPHRASE or the inventory variable"
          + " mailharden_ssh_key_passphrase");
    }
    char[] pw = console.readPassword("Passphrase for %s: ", key.getName());
    return pw == null ? null : new String(pw);
  }

  private static String authMethods(ConnectionSpec spec) {
    StringBuilder b = new StringBuilder();
    spec.identityFile().ifPresent(f -> b.append("key ").append(f));
    if (spec.password().isPresent()) {
      b.append(b.length() > 0 ? ", " : "").append("password");
    }
    return b.length() == 0 ? "no key or password configured" : b.toString();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(ClientSession session) {
    try {
      session.close();
    } catch (IOException ignored) {
      // The session failed already; closing is best effort.
    }
  }

  @Override
  public void close() throws IOException {
    client.stop();
  }
}
