package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.lab.Lab;
import dev.mailharden.lab.LabHost;
import dev.mailharden.oracle.LineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mail to alice through a lab host's port 25, one message after the other while a run
 * changes the host; at the end every message the host accepted must be in her mailbox.
 */
final class MailFlow {

  private final LabHost h;
  private final String subject;
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
  private final Thread client;

  /** Starts sending; {@code subject} prefixes each message's subject, to count them. */
  MailFlow(LabHost h, String subject) {
    this.h = h;
    this.subject = subject;
    this.client = new Thread(this::send);
    client.start();
  }

  void stop() throws InterruptedException {
    sending.set(false);
    client.join();
  }

  private void send() {
    for (int i = 0; sending.get(); i++) {
      try (LineClient c = new LineClient(h.address(), 25)) {
        c.smtp();
        c.smtp("EHLO client.example");
        c.smtp("MAIL FROM:<sender@client.example>");
        c.smtp("RCPT TO:<alice@" + h.name() + ">");
        c.smtp("DATA");
        c.send("Subject: " + subject + i + "\r\n\r\nmessage " + i + "\r\n.");
        List<String> end = c.smtp();
        if (end.get(0).startsWith("250")) {
          accepted.incrementAndGet();
        } else {
          refusals.add(end.toString());
        }
        c.smtp("QUIT");
      } catch (Exception e) {
        refusals.add(e.toString());
      }
    }
  }

  /** At least one message was accepted, and every accepted one is delivered (60 s). */
  void assertAllDelivered() throws InterruptedException {
    assertTrue(accepted.get() > 0, "no message was accepted: " + refusals);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int delivered = -1;
    while (System.nanoTime() < end) {
      delivered = Integer.parseInt(Lab.exec(h, "grep -c '^Subject: " + subject
          + "' /var/mail/alice 2>/dev/null || true").strip().replaceAll("^$", "0"));
      if (delivered >= accepted.get()) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(accepted.get(), delivered, "accepted messages missing from alice's mailbox"
        + " (refused meanwhile: " + refusals + ")");
  }
}
