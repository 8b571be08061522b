package dev.mailharden.core.outbound;

import dev.mailharden.core.probe.ClientHello;
import dev.mailharden.core.probe.ClientHelloParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP server the controller runs for a run's duration, for the outbound check: it
 * offers STARTTLS, records each client's ClientHello (parsed before the JDK's TLS server
 * sees the same bytes), completes the handshake, takes the message and discards it with a
 * 250 reply, so the sending host's queue holds nothing of it and no bounce is ever made. Its
 * certificate is a self-signed one made at start (JDK keytool): opportunistic senders do not
 * verify it.
 */
public final class OutboundListener implements AutoCloseable {

  private static final String NAME = "mailharden-outbound-check.invalid";
  private static final int MAX_MESSAGE = 1 << 20;
  private static final Duration IDLE = Duration.ofSeconds(30);

  private final ServerSocket server;
  private final SSLSocketFactory tls;
  private final String address;
  private final List<OutboundSession> sessions = new ArrayList<>();
  private final Thread acceptor;

  private OutboundListener(ServerSocket server, SSLSocketFactory tls, String address) {
    this.server = server;
    this.tls = tls;
    this.address = address;
    this.acceptor = new Thread(this::acceptLoop, "outbound-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on {@code address:port}; hosts deliver to {@code <anything>@[address]}. */
  public static OutboundListener start(String address, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      server.close();
      throw new IOException("outbound check: cannot listen on " + address + ":" + port + ": "
          + e.getMessage() + (port < 1024 ? " (port " + port + " needs root or"
              + " CAP_NET_BIND_SERVICE)" : ""), e);
    }
    return new OutboundListener(server, selfSigned(), address);
  }

  /** The address hosts send to (the literal in the test recipient's domain). */
  public String address() {
    return address;
  }

  /** A recipient no one else uses: the key the listener's sessions are matched by. */
  public String newRecipient() {
    byte[] token = new byte[6];
    new SecureRandom().nextBytes(token);
    return "mailharden-check-" + HexFormat.of().formatHex(token) + "@[" + address + "]";
  }

  /**
   * The sessions that began at or after {@code since}, up to and including the first that
   * delivered a message to {@code recipient}; waits for it until {@code timeout}, then
   * returns what came (without such a session).
   */
  public synchronized List<OutboundSession> awaitDelivery(String recipient, Instant since,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<OutboundSession> window = new ArrayList<>();
      for (OutboundSession s : sessions) {
        if (!s.at().isBefore(since)) {
          window.add(s);
          if (s.delivered() && s.recipients().contains(recipient)) {
            return window;
          }
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return window;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "outbound-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private synchronized void record(OutboundSession s) {
    sessions.add(s);
    notifyAll();
  }

  /** One SMTP session: EHLO, STARTTLS (hello recorded), MAIL, RCPT, DATA discarded, QUIT. */
  private void serve(Socket plain) {
    Instant at = Instant.now();
    String helo = "";
    ClientHello hello = null;
    String protocol = null;
    String suite = null;
    String tlsError = null;
    List<String> recipients = new ArrayList<>();
    boolean delivered = false;
    Socket socket = plain;
    try (plain) {
      plain.setSoTimeout((int) IDLE.toMillis());
      InputStream in = plain.getInputStream();
      OutputStream out = plain.getOutputStream();
      reply(out, "220 " + NAME + " ESMTP mailharden outbound check");
      String line;
      while ((line = readLine(in)) != null) {
        String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT)
            : line.substring(0, 4).toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> {
            helo = line.substring(4).strip();
            reply(out, "250-" + NAME + "\r\n250-8BITMIME\r\n" + (hello == null
                ? "250-STARTTLS\r\n" : "") + "250 SIZE " + MAX_MESSAGE);
          }
          case "HELO" -> {
            helo = line.substring(4).strip();
            reply(out, "250 " + NAME);
          }
          case "STAR" -> {
            if (hello != null) {
              reply(out, "503 5.5.1 TLS already active");
              continue;
            }
            reply(out, "220 2.0.0 Ready to start TLS");
            hello = ClientHelloParser.read(in);
            try {
              SSLSocket ssl = (SSLSocket) tls.createSocket(plain,
                  new ByteArrayInputStream(hello.raw()), true);
              ssl.setUseClientMode(false);
              ssl.startHandshake();
              protocol = ssl.getSession().getProtocol();
              suite = ssl.getSession().getCipherSuite();
              socket = ssl;
              in = ssl.getInputStream();
              out = ssl.getOutputStream();
            } catch (IOException e) {
              tlsError = e.getMessage();
              return;
            }
          }
          case "MAIL" -> reply(out, "250 2.1.0 Ok");
          case "RCPT" -> {
            recipients.add(line.replaceFirst("(?i)^RCPT TO:\\s*<?([^>\\s]*)>?.*$", "$1"));
            reply(out, "250 2.1.5 Ok");
          }
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            readMessage(in);
            delivered = true;
            reply(out, "250 2.0.0 Ok: discarded by the mailharden outbound check");
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          case "RSET", "NOOP" -> reply(out, "250 2.0.0 Ok");
          default -> reply(out, "502 5.5.2 Command not recognized");
        }
      }
    } catch (IOException e) {
      if (hello != null && protocol == null && tlsError == null) {
        tlsError = e.getMessage();
      }
    } finally {
      closeQuietly(socket);
      record(new OutboundSession(at, helo, hello, protocol, suite, tlsError, recipients,
          delivered));
    }
  }

  private static void readMessage(InputStream in) throws IOException {
    long size = 0;
    String line;
    while ((line = readLine(in)) != null && !line.equals(".")) {
      size += line.length() + 2;
      if (size > MAX_MESSAGE * 4L) {
        throw new IOException("test message larger than " + MAX_MESSAGE * 4L + " bytes");
      }
    }
  }

  /** One CRLF (or LF) terminated line, byte by byte: nothing past it is consumed. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (b.size() > 4096) {
        throw new IOException("SMTP line longer than 4096 bytes");
      }
      b.write(c);
    }
    if (c == -1 && b.size() == 0) {
      return null;
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // The session is over either way.
    }
  }

  /** An RSA key and self-signed certificate for this run only, made by the JDK's keytool. */
  private static SSLSocketFactory selfSigned() throws IOException {
    Path dir = Files.createTempDirectory("mailharden-outbound");
    Path store = dir.resolve("listener.p12");
    char[] pass = HexFormat.of().formatHex(new SecureRandom().generateSeed(12)).toCharArray();
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
          .toString(), "-genkeypair", "-alias", "listener", "-keyalg", "RSA", "-keysize",
          "2048", "-validity", "2", "-dname", "CN=" + NAME, "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(pass))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("keytool failed: " + output.strip());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, pass);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx.getSocketFactory();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the listener's certificate", e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot load the listener's certificate: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(store);
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
