package dev.mailharden.asyncos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.CliSession;
import dev.mailharden.core.connect.CliSession.Exchange;
import dev.mailharden.core.connect.ConnectionSpec;
import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator behaves as the documented appliance where the tests rely on it: malformed
 * answers are asked again, edits stay pending until commit and die with the session. Driven
 * through the core's own CLI session ({@link CliSession}).
 */
class AsyncOsEmulatorTest {

  private static final String MAIN = "(?m)^[a-z0-9.-]+> \\z";
  private static final String OPERATION = "Choose the operation you want to perform";
  private static final String METHOD = "Enter the inbound SMTP ssl method you want to use";
  private static final String CIPHER = "Enter the inbound SMTP ssl cipher you want to use";

  @TempDir static Path tmp;
  static AsyncOsEmulator esa;
  static SshTransport transport;

  @BeforeAll
  static void start() throws Exception {
    esa = AsyncOsEmulator.start(AsyncOsGeneration.V8, false);
    transport = new SshTransport(new HostKeyPolicy(tmp.resolve("known_hosts"), true),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    transport.close();
    esa.close();
  }

  private static CliSession session(HostConnection conn) throws Exception {
    CliSession cli = conn.openCli(Pattern.compile("> \\z"));
    cli.expect(Pattern.compile(MAIN), "main prompt");
    return cli;
  }

  private static HostConnection connect() throws Exception {
    return transport.connect(new ConnectionSpec("esa", esa.address, 22, AsyncOsEmulator.USER,
        Optional.empty(), Optional.empty(), Optional.of(AsyncOsEmulator.PASSWORD),
        ConnectionSpec.Become.NONE));
  }

  @Test
  void malformedAnswersAreAskedAgain() throws Exception {
    try (HostConnection conn = connect(); CliSession cli = session(conn)) {
      cli.exchange(Exchange.of("sslconfig", OPERATION));
      cli.exchange(Exchange.of("INBOUND", METHOD));
      String again = cli.exchange(Exchange.of("7", METHOD));
      assertTrue(again.contains("Choose a number between 1 and 6."), again);
      cli.exchange(Exchange.of("3", CIPHER));
      String refused = cli.exchange(Exchange.of("NOSUCHCIPHER:!ALL", CIPHER));
      assertTrue(refused.contains("Error: no cipher matches"), refused);
      // The client's own check: an answer that brings the same question back is caught.
      CliSession.UnexpectedPromptException e = assertThrows(
          CliSession.UnexpectedPromptException.class,
          () -> cli.exchange(Exchange.of("XYZ", OPERATION, "the operation menu")));
      assertEquals("esa: unexpected prompt: expected the operation menu but the appliance"
          + " asked: Enter the inbound SMTP ssl cipher you want to use. /"
          + " [RC4-SHA:RC4-MD5:ALL]>", e.getMessage());
    }
  }

  @Test
  void editsStayPendingUntilCommitAndDieWithTheSession() throws Exception {
    int commits = esa.commits();
    try (HostConnection conn = connect(); CliSession cli = session(conn)) {
      cli.walk(java.util.List.of(Exchange.of("sslconfig", OPERATION),
          Exchange.of("INBOUND", METHOD), Exchange.of("3", CIPHER),
          Exchange.of("", OPERATION)));
      cli.exchange(Exchange.of("", MAIN));
      assertEquals("sslv3tlsv1", esa.committed().get(AsyncOsEmulator.INBOUND_METHOD));
      String pending = cli.exchange(Exchange.of("sslconfig", OPERATION));
      assertTrue(pending.contains("Inbound SMTP method:  tlsv1\n"), pending);
      cli.exchange(Exchange.of("", MAIN));
    }
    assertEquals(esa.initial(), esa.committed(), "uncommitted edits survived the session");
    try (HostConnection conn = connect(); CliSession cli = session(conn)) {
      String none = cli.exchange(Exchange.of("commit", MAIN));
      assertTrue(none.contains("There are no changes to commit."), none);
    }
    assertEquals(commits, esa.commits());
  }
}
