package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The SMTP plaintext phase against a scripted submission server that first answers 421 (busy),
 * then offers AUTH before TLS, checks the fake password and refuses MAIL FROM without TLS.
 */
class SmtpPlaintextPhaseTest {

  private static final Map<String, String> REPLIES = Map.of(
      "EHLO", "250-fake.example\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n",
      "AUTH", "535 5.7.8 Error: authentication failed\r\n",
      "MAIL", "530 5.7.0 Must issue a STARTTLS command first\r\n",
      "QUIT", "221 2.0.0 Bye\r\n");

  @Test
  void busyGreetingIsRetriedAndEveryCommandWaitsForItsReply() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> pipelined = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> serve(server, received, pipelined));
      t.setDaemon(true);
      t.start();
      MailConnector connector = new MailConnector(
          new Endpoint("127.0.0.1", server.getLocalPort(), TlsStart.SMTP),
          ProbeOptions.defaults().withTimeout(Duration.ofSeconds(2)));
      PlaintextPhase p = connector.plaintext(s -> MailDialogue.SMTP.plaintextPhase(s, true));

      assertEquals(2, connector.connections(), "one 421, then one served");
      assertEquals(null, connector.fromServersOwnAddress(),
          "to 127.0.0.1 the prober speaks from 127.0.0.2, a stranger's address");
      assertTrue(p.startTlsOffered());
      assertEquals(List.of("PLAIN", "LOGIN"), p.authMechanisms());
      assertTrue(p.plaintextLoginAdvertised());
      assertEquals(PlaintextPhase.LoginOutcome.CHECKED, p.plaintextLogin(), p.loginReply());
      assertEquals(Boolean.TRUE, p.mailFromRefused());
      assertTrue(p.mailFromReply().startsWith("530 5.7.0"));
      t.join(2000);
    }
    assertEquals(List.of("EHLO", "AUTH", "MAIL", "QUIT"), received);
    assertEquals(List.of(), pipelined, "commands sent before the previous reply");
  }

  private static void serve(ServerSocket server, List<String> received, List<String> pipelined) {
    try {
      try (Socket busy = server.accept()) {
        busy.getOutputStream().write("421 4.7.0 fake.example busy\r\n".getBytes(
            StandardCharsets.US_ASCII));
      }
      try (Socket s = server.accept()) {
        OutputStream out = s.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
            StandardCharsets.US_ASCII));
        out.write("220 fake.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String verb = line.split(" ")[0];
          received.add(verb);
          Thread.sleep(50); // a pipelining client would have sent more by now
          if (in.ready()) {
            pipelined.add(verb);
          }
          out.write(REPLIES.get(verb).getBytes(StandardCharsets.US_ASCII));
          if (verb.equals("QUIT")) {
            return;
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      received.add("server failed: " + e);
    }
  }
}
