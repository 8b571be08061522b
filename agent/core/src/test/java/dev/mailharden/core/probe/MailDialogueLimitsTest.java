package dev.mailharden.core.probe;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving servers on 127.0.0.1: each answers within every read's timeout, so only the
 * dialogue's own deadline and size cap can end the probe.
 */
class MailDialogueLimitsTest {

  /** A server that writes what {@code talk} writes to the first client. */
  private interface Talk {
    void to(OutputStream out) throws IOException, InterruptedException;
  }

  private static ServerSocket serve(Talk talk) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket c = server.accept()) {
        talk.to(c.getOutputStream());
      } catch (IOException | InterruptedException e) {
        // The client gave up: what the test wants.
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }

  /** Each read may take {@code readTimeoutMs}; the dialogue six times that in all. */
  private static Socket client(ServerSocket server, int readTimeoutMs) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 1000);
    s.setSoTimeout(readTimeoutMs);
    return s;
  }

  @Test
  void aServerDrippingOneByteWithinEachReadTimeoutIsCutOffAtTheDeadline() throws Exception {
    try (ServerSocket server = serve(out -> {
      for (;;) {
        out.write('2');
        out.flush();
        Thread.sleep(300);
      }
    }); Socket s = client(server, 500)) {
      long start = System.nanoTime();
      ProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> assertThrows(ProtocolException.class, () -> MailDialogue.SMTP.upgrade(s)));
      assertTrue(e.getMessage().contains("no complete dialogue within 3 s"), e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void endlessContinuationLinesAreCutOffAtTheSizeCap() throws Exception {
    try (ServerSocket server = serve(out -> {
      for (;;) {
        out.write("250-mailharden.invalid says more\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }); Socket s = client(server, 5000)) {
      ProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(25),
          () -> assertThrows(ProtocolException.class, () -> MailDialogue.SMTP.upgrade(s)));
      assertTrue(e.getMessage().contains("more than 65536 bytes"), e.getMessage());
    }
  }

  @Test
  void endlessImapLinesWithoutTheTagAreCutOffToo() throws Exception {
    try (ServerSocket server = serve(out -> {
      out.write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
      for (;;) {
        out.write("* CAPABILITY IMAP4rev1\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }); Socket s = client(server, 5000)) {
      assertTimeoutPreemptively(Duration.ofSeconds(25),
          () -> assertThrows(ProtocolException.class, () -> MailDialogue.IMAP.upgrade(s)));
    }
  }
}
