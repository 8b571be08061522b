package dev.mailharden.core.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.probe.ClientHelloEncoder;
import dev.mailharden.core.probe.Finding;
import dev.mailharden.core.probe.NamedGroup;
import dev.mailharden.core.probe.ServiceAnswers;
import dev.mailharden.core.probe.TlsVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listener against real clients on loopback: the JDK's TLS client after STARTTLS, a
 * sender that never asks for TLS, and a hand-built SSLv3 hello; and the verdict on each.
 */
class OutboundListenerTest {

  private static final ExecResult SENT = new ExecResult(0, "", "", false);
  /** The versions the MTA policy of both profiles refuses. */
  private static final Set<TlsVersion> SSL = EnumSet.of(TlsVersion.SSL_2, TlsVersion.SSL_3);
  private static OutboundListener listener;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    listener = OutboundListener.start("127.0.0.1", port);
  }

  @AfterAll
  static void stop() throws IOException {
    listener.close();
  }

  /** A small SMTP client: each command, its reply's last line. */
  private static final class Smtp {
    Socket socket;
    BufferedReader in;
    OutputStream out;

    Smtp(Socket s) throws IOException {
      use(s);
    }

    void use(Socket s) throws IOException {
      socket = s;
      in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      out = s.getOutputStream();
    }

    String reply() throws IOException {
      String line;
      do {
        line = in.readLine();
      } while (line != null && line.length() > 3 && line.charAt(3) == '-');
      return line;
    }

    String send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return reply();
    }

    void message(String recipient) throws IOException {
      assertTrue(send("MAIL FROM:<>").startsWith("250"));
      assertTrue(send("RCPT TO:<" + recipient + ">").startsWith("250"));
      assertTrue(send("DATA").startsWith("354"));
      assertTrue(send("Subject: test\r\n\r\nbody\r\n.").startsWith("250"));
      send("QUIT");
    }
  }

  @Test
  void aSenderThatUsesStartTlsIsRecordedWithItsHelloAndPasses() throws Exception {
    String recipient = listener.newRecipient();
    Instant since = Instant.now();
    try (Socket s = new Socket("127.0.0.1", port)) {
      Smtp smtp = new Smtp(s);
      assertTrue(smtp.reply().startsWith("220"));
      assertTrue(smtp.send("EHLO mx1.example.test").startsWith("250"));
      assertTrue(smtp.send("STARTTLS").startsWith("220"));
      SSLSocket tls = (SSLSocket) ServiceAnswers.anyCertificate().getSocketFactory().createSocket(s,
          "127.0.0.1", port, true);
      tls.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      tls.startHandshake();
      smtp.use(tls);
      assertTrue(smtp.send("EHLO mx1.example.test").startsWith("250"));
      smtp.message(recipient);
    }
    List<OutboundSession> seen = listener.awaitDelivery(recipient, since, Duration.ofSeconds(5));
    assertEquals(1, seen.size());
    OutboundSession session = seen.get(0);
    assertEquals("mx1.example.test", session.helo());
    assertEquals(List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2), session.hello().versions());
    assertEquals("TLSv1.3", session.protocol());
    assertTrue(session.delivered());
    List<Finding> f = OutboundCheck.judge(SENT, seen, recipient, SSL);
    assertTrue(f.stream().allMatch(Finding::passed), f.toString());
    assertEquals(List.of("outbound delivery", "outbound tls", "outbound protocols"),
        f.stream().map(Finding::check).toList());
  }

  @Test
  void aSenderWithoutStartTlsIsDeliveredButFails() throws Exception {
    String recipient = listener.newRecipient();
    Instant since = Instant.now();
    try (Socket s = new Socket("127.0.0.1", port)) {
      Smtp smtp = new Smtp(s);
      smtp.reply();
      assertTrue(smtp.send("EHLO plain.example.test").startsWith("250"));
      smtp.message(recipient);
    }
    List<OutboundSession> seen = listener.awaitDelivery(recipient, since, Duration.ofSeconds(5));
    assertFalse(seen.get(seen.size() - 1).startTls());
    List<Finding> f = OutboundCheck.judge(SENT, seen, recipient, SSL);
    Finding tls = f.stream().filter(x -> x.check().equals("outbound tls")).findFirst()
        .orElseThrow();
    assertFalse(tls.passed());
    assertTrue(tls.reason().startsWith("no STARTTLS"), tls.reason());
  }

  @Test
  void anSslv3HelloFailsTheVerdictEvenThoughTheHandshakeNeverCompletes() throws Exception {
    String recipient = listener.newRecipient();
    Instant since = Instant.now();
    try (Socket s = new Socket("127.0.0.1", port)) {
      Smtp smtp = new Smtp(s);
      smtp.reply();
      smtp.send("EHLO old.example.test");
      assertTrue(smtp.send("STARTTLS").startsWith("220"));
      s.getOutputStream().write(ClientHelloEncoder.tls(TlsVersion.SSL_3, List.of(0x002F),
          List.of(NamedGroup.SECP256R1), null, new byte[32], null));
      s.getOutputStream().flush();
      s.getInputStream().readAllBytes(); // the JDK's alert, then the close
    }
    // No recipient ever reaches the listener: the window ends empty-handed after a wait.
    List<OutboundSession> seen = listener.awaitDelivery(recipient, since, Duration.ofSeconds(2));
    assertEquals(1, seen.size());
    assertNotNull(seen.get(0).tlsError());
    List<Finding> f = OutboundCheck.judge(SENT, seen, recipient, SSL);
    assertEquals(List.of("outbound delivery", "outbound protocols"),
        f.stream().map(Finding::check).toList());
    assertTrue(f.stream().noneMatch(Finding::passed), f.toString());
    assertTrue(f.get(1).reason().startsWith("offered SSLv3"), f.get(1).reason());
  }

  @Test
  void aSendCommandThatFailsIsTheOnlyFinding() {
    List<Finding> f = OutboundCheck.judge(new ExecResult(75, "", "sendmail: fatal", false),
        List.of(), "x@[127.0.0.1]", SSL);
    assertEquals(1, f.size());
    assertFalse(f.get(0).passed());
    assertTrue(f.get(0).reason().contains("sendmail: fatal"));
  }
}
